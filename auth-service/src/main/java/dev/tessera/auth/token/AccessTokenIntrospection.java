package dev.tessera.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.keys.SigningAlgorithm;
import dev.tessera.auth.keys.SigningKeys;
import dev.tessera.auth.revocation.Revocations;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Whether a JWT access token this service issued (a user's or a machine client's) is active now, for the RFC 7662
 * introspection endpoint: signed by one of the published keys ({@link SigningKeys#publicKeys}, the JWKS), {@code
 * typ} {@code at+jwt}, {@code iss} this issuer, {@code sub}, {@code iat}, {@code exp} and {@code jti} present, not
 * expired and not before its {@code nbf}, by this service's clock with {@value #CLOCK_SKEW_SECONDS} s of skew (the
 * replicas that issue and the one that answers may differ by that much); and, for a user token (one with a {@code
 * sid}), not refused by a recorded revocation ({@link Revocations#revokes}: logout, logout everywhere, password or
 * role change, disabling). That is the same revocation rule the gateway applies from the feed, seen without the
 * feed's delay. The audience is not checked here: the token may be for any audience auth-service issues, and the
 * caller learns it from {@code aud}.
 *
 * <p>nimbus-jose-jwt does the parsing, the algorithm allow-list (RS256 and ES256, with the key chosen by {@code
 * kid} and type), the signature and the time checks; nothing of the token is parsed by hand.
 */
@Component
public class AccessTokenIntrospection {

    static final int CLOCK_SKEW_SECONDS = 5;

    private final Revocations revocations;

    private final SigningKeys keys;

    private final DefaultJWTProcessor<PublishedKeys> processor;

    AccessTokenIntrospection(SigningKeys keys, TokenProperties properties, Clock clock, Revocations revocations) {
        this.revocations = revocations;
        this.keys = keys;
        Set<JWSAlgorithm> algorithms = Arrays.stream(SigningAlgorithm.values())
                .map(SigningAlgorithm::jws)
                .collect(Collectors.toUnmodifiableSet());
        DefaultJWTClaimsVerifier<PublishedKeys> claims =
                new DefaultJWTClaimsVerifier<>(
                        new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                        Set.of("sub", "iat", "exp", "jti")) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        this.processor = new DefaultJWTProcessor<>();
        this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokenIssuer.ACCESS_TOKEN_TYPE));
        this.processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(algorithms, (selector, context) -> selector.select(context.keys())));
        this.processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * The token's claims if it is active now; empty for anything else (malformed, unsigned, another issuer's,
     * expired, revoked), never an exception for bad input.
     */
    public Optional<JWTClaimsSet> active(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        // Read before verifying, so that a database failure is one (a 5xx), not an inactive token.
        PublishedKeys published = new PublishedKeys(this.keys.publicKeys());
        JWTClaimsSet claims;
        try {
            claims = this.processor.process(token, published);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException ex) {
            // RuntimeException too: nimbus may throw one for input it cannot make sense of.
            return Optional.empty();
        }
        try {
            String sid = claims.getStringClaim("sid");
            if (sid != null
                    && this.revocations.revokes(
                            UUID.fromString(claims.getSubject()),
                            claims.getIssueTime().toInstant(),
                            UUID.fromString(sid))) {
                return Optional.empty();
            }
        } catch (ParseException | IllegalArgumentException ex) {
            // Our own signature over a sub or sid that is no UUID: not a token this service issues.
            return Optional.empty();
        }
        return Optional.of(claims);
    }

    /** The key set of one verification, handed to nimbus as its context. */
    private record PublishedKeys(JWKSet keys) implements SecurityContext {}
}
