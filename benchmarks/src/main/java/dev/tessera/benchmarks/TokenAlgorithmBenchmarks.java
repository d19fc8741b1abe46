package dev.tessera.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What one access token costs to sign (auth-service, once per login or refresh) and to verify (the
 * gateway, on every request without a cached verification), per algorithm, with nimbus-jose-jwt as
 * Tessera uses it. {@code verify} parses the compact form too, because the gateway has to.
 */
public class TokenAlgorithmBenchmarks extends BenchmarkFixture {

    /** RS256 with 2048- and 3072-bit keys; ES256 through the JDK's provider and BouncyCastle; Ed25519. */
    @Param({"RS256-2048", "RS256-3072", "ES256-JDK", "ES256-BC", "EdDSA"})
    public String algorithm;

    private JWSSigner signer;

    private JWSVerifier verifier;

    private JWSHeader header;

    private JWTClaimsSet claims;

    private String token;

    @Setup
    public void setUp() throws JOSEException {
        String kid = UUID.randomUUID().toString();
        switch (this.algorithm) {
            case "RS256-2048", "RS256-3072" -> {
                RSAKey key = new RSAKeyGenerator(this.algorithm.endsWith("2048") ? 2048 : 3072)
                        .keyID(kid)
                        .generate();
                this.signer = new RSASSASigner(key);
                this.verifier = new RSASSAVerifier(key.toPublicJWK());
                this.header = header(JWSAlgorithm.RS256, kid);
            }
            case "ES256-JDK", "ES256-BC" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
                ECDSASigner ecSigner = new ECDSASigner(key);
                ECDSAVerifier ecVerifier = new ECDSAVerifier(key.toPublicJWK());
                if (this.algorithm.endsWith("BC")) {
                    ecSigner.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                    ecVerifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                }
                this.signer = ecSigner;
                this.verifier = ecVerifier;
                this.header = header(JWSAlgorithm.ES256, kid);
            }
            case "EdDSA" -> {
                OctetKeyPair key =
                        new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
                this.signer = new Ed25519Signer(key);
                this.verifier = new Ed25519Verifier(key.toPublicJWK());
                this.header = header(JWSAlgorithm.EdDSA, kid);
            }
            default -> throw new IllegalArgumentException(this.algorithm);
        }
        Instant now = Instant.now();
        this.claims = new JWTClaimsSet.Builder()
                .issuer("http://localhost:8080")
                .subject(UUID.randomUUID().toString())
                .audience("tessera")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", "ada")
                .claim("roles", List.of("USER"))
                .claim("sid", UUID.randomUUID().toString())
                .build();
        this.token = sign();
    }

    @Benchmark
    public String sign() throws JOSEException {
        SignedJWT jwt = new SignedJWT(this.header, this.claims);
        jwt.sign(this.signer);
        return jwt.serialize();
    }

    @Benchmark
    public boolean verify() throws JOSEException, ParseException {
        return SignedJWT.parse(this.token).verify(this.verifier);
    }

    private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
        return new JWSHeader.Builder(algorithm)
                .keyID(kid)
                .type(new JOSEObjectType("at+jwt"))
                .build();
    }
}
