package dev.tessera.gateway.verify;

import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Where the access token came from. Only {@code Authorization: Bearer} (scheme case-insensitive) and the
 * access cookie count; {@code ?access_token=} and other schemes are ignored. Two different tokens (or
 * several {@code Authorization} headers) are a conflict.
 *
 * @param value the token, possibly empty ({@code "Bearer "}), or {@code null} when none was sent
 * @param fromCookie whether it came from the cookie
 * @param conflict whether the request carried conflicting credentials
 */
record BearerToken(String value, boolean fromCookie, boolean conflict) {

    static final BearerToken NONE = new BearerToken(null, false, false);

    static final BearerToken CONFLICT = new BearerToken(null, false, true);

    static BearerToken extract(ServerHttpRequest request, String cookieName) {
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String bearer = null;
        if (authorization != null) {
            if (authorization.size() > 1) {
                return CONFLICT;
            }
            String value = authorization.get(0);
            if (value.regionMatches(true, 0, "Bearer", 0, 6) && (value.length() == 6 || value.charAt(6) == ' ')) {
                bearer = value.substring(6).strip();
            }
        }
        List<HttpCookie> cookies = request.getCookies().get(cookieName);
        String cookie = null;
        if (cookies != null) {
            List<String> values = cookies.stream()
                    .map(HttpCookie::getValue)
                    .filter(v -> !v.isEmpty())
                    .distinct()
                    .toList();
            if (values.size() > 1) {
                return CONFLICT;
            }
            cookie = values.isEmpty() ? null : values.get(0);
        }
        if (bearer != null && cookie != null && !bearer.equals(cookie)) {
            return CONFLICT;
        }
        if (bearer != null) {
            return new BearerToken(bearer, false, false);
        }
        return (cookie != null) ? new BearerToken(cookie, true, false) : NONE;
    }

    boolean present() {
        return value != null;
    }

    /** Never the token itself: a log line or an exception message may print this. */
    @Override
    public String toString() {
        return "BearerToken[" + (present() ? "<redacted>" : "none") + ", fromCookie=" + fromCookie + ", conflict="
                + conflict + "]";
    }
}
