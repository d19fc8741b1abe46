package dev.tessera.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where auth-service is, and the edge facts every feature shares ({@code tessera.gateway.*}). Routes are
 * configured in {@code tessera.gateway.routes} ({@code RouteProperties}).
 *
 * @param authUri auth-service's internal base URI ({@code TESSERA_GATEWAY_AUTH_URI}): its keys, revocation feed,
 *     introspection and the browser session calls; the route to it is configured like any other
 * @param authAudience auth-service's passport audience, for the gateway's own calls to it
 * @param issuer the public issuer, compared exactly with {@code iss} ({@code TESSERA_GATEWAY_ISSUER}); independent
 *     of the internal address keys are fetched from
 * @param connectTimeout upstream connect timeout
 * @param responseTimeout upstream response timeout (then 504)
 * @param trustedProxies CIDRs of proxies whose {@code X-Forwarded-For} is believed; default none
 * @param publicOrigins the origins (scheme://host[:port]) the gateway's page is served from, the only ones an
 *     {@code Origin} header may name on a state-changing browser request; empty means the issuer's origin. Never
 *     derived from the request's {@code Host}, which a DNS-rebinding page chooses
 */
@ConfigurationProperties("tessera.gateway")
public record GatewayProperties(
        @DefaultValue("http://localhost:8081") URI authUri,
        @DefaultValue("auth-service") String authAudience,
        @DefaultValue("http://localhost:8080") String issuer,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue List<String> publicOrigins) {

    /** Refuses at start-up what would otherwise fail at the first request, or silently never match. */
    public GatewayProperties {
        URI parsedIssuer;
        try {
            parsedIssuer = new URI(issuer);
        } catch (URISyntaxException ex) {
            parsedIssuer = null;
        }
        if (parsedIssuer == null || !parsedIssuer.isAbsolute() || parsedIssuer.getHost() == null) {
            throw new IllegalArgumentException(
                    "tessera.gateway.issuer (TESSERA_GATEWAY_ISSUER) must be an absolute URL, not '" + issuer + "'");
        }
        if (!authUri.isAbsolute() || authUri.getHost() == null) {
            throw new IllegalArgumentException(
                    "tessera.gateway.auth-uri (TESSERA_GATEWAY_AUTH_URI) must be an absolute URL, not '" + authUri
                            + "'");
        }
        if (authAudience.isBlank()) {
            throw new IllegalArgumentException("tessera.gateway.auth-audience must not be blank");
        }
        if (!isPositive(connectTimeout) || !isPositive(responseTimeout)) {
            throw new IllegalArgumentException("tessera.gateway.connect-timeout and response-timeout must be positive");
        }
        for (String origin : publicOrigins) {
            URI parsed = URI.create(origin.strip());
            if (parsed.getScheme() == null
                    || parsed.getHost() == null
                    || !(parsed.getPath() == null || parsed.getPath().isEmpty())
                    || parsed.getQuery() != null) {
                throw new IllegalArgumentException("tessera.gateway.public-origins: '" + origin
                        + "' is not an origin (scheme://host[:port], nothing after)");
            }
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
