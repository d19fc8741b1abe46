package dev.tessera.boot;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies machine tokens (RFC 9068 access tokens of the client credentials grant) against auth-service's key set,
 * with nimbus-jose-jwt's processor: {@code typ} must be {@code at+jwt}; only RS256/ES256 keys from the key set, chosen
 * by {@code kid} (keys or key URLs inside the token are never used); exact {@code iss}; this service in {@code aud};
 * {@code exp}, {@code iat}, {@code jti}, {@code sub} and {@code client_id} present, {@code sub} equal to {@code
 * client_id} (a user's token names a user, not a client, so it is refused here). The key set is cached (TTL), fetched
 * at most once per 30 s on an unknown {@code kid}, and outages up to one hour are bridged with the keys last seen.
 * Blocking (a key fetch is an HTTP call): reactive callers run it off the event loop.
 */
final class ServiceTokenVerifier {

    /** A compact JWS bigger than this is refused before parsing. */
    static final int MAX_LENGTH = 8 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor;

    ServiceTokenVerifier(ServiceTokenProperties properties, String audience) {
        if (properties.issuer() == null || properties.issuer().isBlank()) {
            throw new IllegalStateException(
                    "tessera.service-token.issuer is required with tessera.service-token.jwks-uri");
        }
        if (properties.clockSkew().isNegative() || properties.clockSkew().compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("tessera.service-token.clock-skew must be in [0, 5m]");
        }
        int timeout = (int) properties.keysTimeout().toMillis();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(
                            properties.jwksUri().toURL(), new DefaultResourceRetriever(timeout, timeout, 256 * 1024))
                    .cache(properties.keysCacheTtl().toMillis(), timeout)
                    .rateLimited(30_000)
                    .outageTolerant(Duration.ofHours(1).toMillis())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException("tessera.service-token.jwks-uri is not a URL: " + properties.jwksUri());
        }
        this.processor = new DefaultJWTProcessor<>();
        this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        this.processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience,
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id"));
        claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        this.processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Verifies a bearer token.
     *
     * @param token the token from {@code Authorization: Bearer}
     * @return the calling service
     * @throws ServiceTokenProblems.InvalidTokenException if the token is not a valid machine token for this service
     * @throws ServiceTokenProblems.KeysUnavailableException if no key set could be loaded for it
     */
    ServiceCaller verify(String token) {
        if (token.isEmpty() || token.length() > MAX_LENGTH) {
            throw new ServiceTokenProblems.InvalidTokenException();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (RateLimitReachedException ex) {
            // An unknown kid within the refetch interval: the keys are known and fresh, the token matches none.
            throw new ServiceTokenProblems.InvalidTokenException();
        } catch (KeySourceException ex) {
            throw new ServiceTokenProblems.KeysUnavailableException();
        } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException | RuntimeException ex) {
            throw new ServiceTokenProblems.InvalidTokenException();
        }
        try {
            String clientId = claims.getStringClaim("client_id");
            if (clientId == null || clientId.isBlank() || !clientId.equals(claims.getSubject())) {
                throw new ServiceTokenProblems.InvalidTokenException();
            }
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = new HashSet<>(
                    (scope == null) ? List.of() : List.of(scope.strip().split(" +")));
            scopes.remove("");
            return new ServiceCaller(
                    clientId,
                    scopes,
                    claims.getJWTID(),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException ex) {
            throw new ServiceTokenProblems.InvalidTokenException();
        }
    }
}
