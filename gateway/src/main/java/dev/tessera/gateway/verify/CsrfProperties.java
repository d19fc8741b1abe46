package dev.tessera.gateway.verify;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CSRF defence for cookie-authenticated unsafe requests ({@code tessera.gateway.csrf.*}): the
 * {@code X-Tessera-CSRF} header must equal the non-HttpOnly {@code cookieName} cookie (double submit),
 * and an {@code Origin} header, when present, must be one of {@code allowedOrigins} or the origin the request
 * was addressed to (scheme + {@code Host}).
 *
 * @param cookieName the double-submit cookie
 * @param allowedOrigins exact origins (scheme://host[:port]); empty means the origin of the public issuer
 */
@ConfigurationProperties("tessera.gateway.csrf")
public record CsrfProperties(
        @DefaultValue("tessera_csrf") String cookieName,
        @DefaultValue List<String> allowedOrigins) {}
