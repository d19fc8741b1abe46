package dev.tessera.gateway.verify;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access-token verification ({@code tessera.gateway.jwt.*}).
 *
 * @param algorithm the one accepted JWS algorithm: {@code RS256} (default) or {@code ES256}, the algorithm of
 *     auth-service's signing keys
 * @param audience the required {@code aud} value
 * @param clockSkew allowed skew for {@code exp}/{@code nbf}/{@code iat}; at most 60 s
 * @param maxLifetime longest accepted {@code exp - iat}
 * @param maxTokenLength longest accepted token, in characters
 * @param jwksUri where keys are fetched; default auth-service's {@code /.well-known/jwks.json}
 * @param jwksRefreshInterval periodic refresh of the key set
 * @param jwksMinRefetchInterval the least time between two fetches caused by unknown {@code kid}s
 * @param jwksConnectTimeout connect timeout of a key fetch
 * @param jwksReadTimeout whole-response timeout of a key fetch
 * @param cacheSize most verified tokens kept; 0 disables the cache
 * @param accessCookie the cookie that may carry the access token for browser clients
 */
@ConfigurationProperties("tessera.gateway.jwt")
public record JwtProperties(
        @DefaultValue("RS256") Algorithm algorithm,
        @DefaultValue("tessera") String audience,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("1h") Duration maxLifetime,
        @DefaultValue("8192") int maxTokenLength,
        URI jwksUri,
        @DefaultValue("5m") Duration jwksRefreshInterval,
        @DefaultValue("5s") Duration jwksMinRefetchInterval,
        @DefaultValue("2s") Duration jwksConnectTimeout,
        @DefaultValue("3s") Duration jwksReadTimeout,
        @DefaultValue("10000") int cacheSize,
        @DefaultValue("tessera_access") String accessCookie) {

    /** The JWS algorithms auth-service can sign with; the gateway accepts exactly one. */
    public enum Algorithm {
        RS256,
        ES256;

        public JWSAlgorithm jws() {
            return JWSAlgorithm.parse(name());
        }
    }

    public JwtProperties {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("tessera.gateway.jwt.clock-skew must be within [0, 60s]");
        }
    }
}
