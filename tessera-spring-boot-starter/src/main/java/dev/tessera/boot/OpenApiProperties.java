package dev.tessera.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The passport and the gateway in the service's OpenAPI document ({@code tessera.openapi.*}), with springdoc on the
 * classpath.
 *
 * @param enabled whether the kit adds them; default {@code true}
 * @param gatewayPrefix where the gateway serves this service's paths, the URL of the document's first server
 *     ("Through the gateway (clients)"); an absolute path, {@code /} or starting with {@code /} and not ending with
 *     one. Default {@code /api}
 * @param passportRequired whether the document requires the passport of every operation (a global security
 *     requirement); default {@code false}, right for a service with {@code tessera.passport.exempt-paths}
 */
@ConfigurationProperties("tessera.openapi")
record OpenApiProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/api") String gatewayPrefix,
        @DefaultValue("false") boolean passportRequired) {

    OpenApiProperties {
        if (!gatewayPrefix.equals("/") && (!gatewayPrefix.startsWith("/") || gatewayPrefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "tessera.openapi.gateway-prefix must be / or start with / and not end with one: " + gatewayPrefix);
        }
    }
}
