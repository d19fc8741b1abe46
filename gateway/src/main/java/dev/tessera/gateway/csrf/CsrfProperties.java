package dev.tessera.gateway.csrf;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CSRF defence for cookie-authenticated unsafe requests ({@code tessera.gateway.csrf.*}): the
 * {@code X-Tessera-CSRF} header must equal the non-HttpOnly {@code cookieName} cookie (double submit),
 * and an {@code Origin} header, when present, must be one of the public origins ({@code
 * tessera.gateway.public-origins}).
 *
 * @param cookieName the double-submit cookie
 * @param allowedOrigins the former name of {@code tessera.gateway.public-origins}, still read when that one is
 *     not set
 */
@ConfigurationProperties("tessera.gateway.csrf")
public record CsrfProperties(
        @DefaultValue("tessera_csrf") String cookieName,
        @DefaultValue List<String> allowedOrigins) {}
