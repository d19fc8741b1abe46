package dev.tessera.gateway.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser session cookies the gateway sets ({@code tessera.gateway.cookies.*}). The access cookie's
 * name is {@code tessera.gateway.jwt.access-cookie} and the CSRF cookie's {@code
 * tessera.gateway.csrf.cookie-name}; every cookie is {@code SameSite=Strict}.
 *
 * @param secure the {@code Secure} attribute; keep it on in production (browsers accept Secure cookies on
 *     {@code http://localhost}, so local runs need not turn it off)
 * @param refreshName the HttpOnly cookie holding the refresh token
 * @param refreshPath the refresh cookie's {@code Path}: only the session endpoints ever receive it
 * @param refreshMaxAge the refresh cookie's (and the CSRF cookie's) {@code Max-Age}; match auth-service's
 *     {@code tessera.auth.refresh.absolute-lifetime}
 * @param deviceName the HttpOnly cookie holding the device token auth-service hands out at login (a known
 *     device is never locked out by failures elsewhere); {@code Path} is the session endpoints' base, and it
 *     survives logout
 * @param deviceMaxAge the device cookie's {@code Max-Age}; match auth-service's {@code
 *     tessera.auth.device.lifetime}
 */
@ConfigurationProperties("tessera.gateway.cookies")
public record SessionCookieProperties(
        @DefaultValue("true") boolean secure,
        @DefaultValue("tessera_refresh") String refreshName,
        @DefaultValue(SessionController.BASE) String refreshPath,
        @DefaultValue("30d") Duration refreshMaxAge,
        @DefaultValue("tessera_device") String deviceName,
        @DefaultValue("365d") Duration deviceMaxAge) {

    public SessionCookieProperties {
        if (refreshMaxAge.isNegative() || refreshMaxAge.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.cookies.refresh-max-age must be positive");
        }
        if (deviceMaxAge.isNegative() || deviceMaxAge.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.cookies.device-max-age must be positive");
        }
        if (deviceName.isBlank() || deviceName.equals(refreshName)) {
            throw new IllegalArgumentException(
                    "tessera.gateway.cookies.device-name must be set and differ from refresh-name");
        }
        if (!refreshPath.startsWith("/")) {
            throw new IllegalArgumentException("tessera.gateway.cookies.refresh-path must start with /");
        }
    }
}
