package dev.tessera.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/** Verifies access tokens the way a standard client would: nimbus and the fetched JWK set only. */
public final class TestTokens {

    private TestTokens() {}

    public static JWTClaimsSet verify(String token, JWKSet jwks, Clock clock) throws Exception {
        return verify(token, jwks, clock, JWSAlgorithm.RS256);
    }

    /** Verifies with exactly one accepted algorithm, as every Tessera verifier does. */
    public static JWTClaimsSet verify(String token, JWKSet jwks, Clock clock, JWSAlgorithm algorithm) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                        "tessera",
                        new JWTClaimsSet.Builder()
                                .issuer("http://localhost:8080")
                                .build(),
                        Set.of("sub", "exp", "iat", "nbf", "jti", "sid", "preferred_username", "roles")) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                });
        return processor.process(token, null);
    }

    public static JWKSet fetchJwks(TestHttp http) throws Exception {
        return JWKSet.parse(http.get("/.well-known/jwks.json").body());
    }
}
