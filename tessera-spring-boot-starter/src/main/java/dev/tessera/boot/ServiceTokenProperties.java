package dev.tessera.boot;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Machine tokens: calls from other services made with their own identity ({@code tessera.service-token.*}), an
 * OAuth 2.0 client-credentials access token from auth-service, verified here against its published keys. Switched on
 * by {@code jwks-uri}.
 *
 * @param jwksUri auth-service's key set, e.g. {@code http://localhost:8081/.well-known/jwks.json}
 *     ({@code TESSERA_SERVICE_TOKEN_JWKS_URI}); the internal address, fetched directly
 * @param issuer the exact {@code iss} of the tokens (auth-service's public issuer, e.g. {@code
 *     http://localhost:8080}); required when {@code jwks-uri} is set
 * @param audience the {@code aud} a token must name; default this service's passport audience
 * @param paths the paths (Spring {@code PathPattern}s on the raw path) that take a machine token instead of a
 *     passport; default {@code /internal/**}. The gateway never routes them.
 * @param clockSkew tolerated clock difference for {@code exp}/{@code nbf}/{@code iat}; default 60 s, at most 5 min
 * @param keysCacheTtl how long fetched keys are used before they are fetched again; default 5 min
 * @param keysTimeout connect and read timeout of a key fetch; default 2 s
 */
@ConfigurationProperties("tessera.service-token")
record ServiceTokenProperties(
        @Nullable URI jwksUri,
        @Nullable String issuer,
        @Nullable String audience,
        @DefaultValue("/internal/**") List<String> paths,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("5m") Duration keysCacheTtl,
        @DefaultValue("2s") Duration keysTimeout) {}
