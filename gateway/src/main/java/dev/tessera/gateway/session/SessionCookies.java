package dev.tessera.gateway.session;

import dev.tessera.gateway.passport.SessionCookieNames;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Sets and clears the three session cookies (docs/threat-model.md E1):
 *
 * <ul>
 *   <li>access: {@code HttpOnly; Secure; SameSite=Strict; Path=/}, {@code Max-Age} = the token's remaining
 *       life, so the browser never sends an expired token for long;
 *   <li>refresh: {@code HttpOnly; Secure; SameSite=Strict; Path=/api/session}, sent to the session
 *       endpoints only;
 *   <li>CSRF: a random value JavaScript must read (not HttpOnly) and echo in {@code X-Tessera-CSRF}; new on
 *       every login, kept across refreshes so requests already in flight still match.
 * </ul>
 *
 * <p>And a fourth that outlives the session: the device cookie ({@code HttpOnly; Secure; SameSite=Strict;
 * Path=/api/session}), holding the device token auth-service answers at login and rotates at every login.
 * Sent with the next login, it makes this browser a known device that failures from other clients never lock
 * out. Logout and an ended session leave it in place.
 */
final class SessionCookies implements SessionCookieNames {

    private static final SecureRandom random = new SecureRandom();

    /** auth-service's device tokens: 256 bits in base64url. */
    static final Pattern DEVICE_TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SessionCookieProperties properties;
    private final String accessName;
    private final String csrfName;

    SessionCookies(SessionCookieProperties properties, String accessName, String csrfName) {
        this.properties = properties;
        this.accessName = accessName;
        this.csrfName = csrfName;
    }

    /** Access, refresh and CSRF: the device cookie outlives sessions and is sent to the session endpoints only. */
    @Override
    public Set<String> sessionCookieNames() {
        return Set.of(accessName, properties.refreshName(), csrfName);
    }

    String refreshToken(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(properties.refreshName());
        return (cookie == null || cookie.getValue().isEmpty()) ? null : cookie.getValue();
    }

    /** The device token this browser holds, if it has the shape of one; {@code null} otherwise. */
    String deviceToken(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(properties.deviceName());
        return (cookie == null || !DEVICE_TOKEN.matcher(cookie.getValue()).matches()) ? null : cookie.getValue();
    }

    /** Keeps the device token auth-service answered (a new or rotated one) for the next login. */
    void setDevice(ServerHttpResponse response, String deviceToken) {
        response.addCookie(
                httpOnly(properties.deviceName(), deviceToken, SessionController.BASE, properties.deviceMaxAge()));
    }

    /**
     * Sets the cookies of a new or renewed session.
     *
     * @param keepCsrf the CSRF value to keep (refresh), or {@code null} for a new one (login)
     */
    void set(
            ServerHttpResponse response,
            String accessToken,
            Duration accessLifetime,
            String refreshToken,
            String keepCsrf) {
        response.addCookie(httpOnly(accessName, accessToken, "/", accessLifetime));
        response.addCookie(
                httpOnly(properties.refreshName(), refreshToken, properties.refreshPath(), properties.refreshMaxAge()));
        String csrf = (keepCsrf != null) ? keepCsrf : newCsrfValue();
        response.addCookie(readable(csrfName, csrf, properties.refreshMaxAge()));
    }

    /** Clears all three cookies ({@code Max-Age=0}, same name, path and attributes). */
    void clear(ServerHttpResponse response) {
        response.addCookie(httpOnly(accessName, "", "/", Duration.ZERO));
        response.addCookie(httpOnly(properties.refreshName(), "", properties.refreshPath(), Duration.ZERO));
        response.addCookie(readable(csrfName, "", Duration.ZERO));
    }

    private ResponseCookie httpOnly(String name, String value, String path, Duration maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(true)
                .secure(properties.secure())
                .sameSite("Strict")
                .path(path)
                .maxAge(maxAge)
                .build();
    }

    private ResponseCookie readable(String name, String value, Duration maxAge) {
        return ResponseCookie.from(name, value)
                .httpOnly(false)
                .secure(properties.secure())
                .sameSite("Strict")
                .path("/")
                .maxAge(maxAge)
                .build();
    }

    private static String newCsrfValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
