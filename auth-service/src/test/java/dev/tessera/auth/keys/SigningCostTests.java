package dev.tessera.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * The figures behind the default algorithm (README, "Why RS256"): signing and verification cost with
 * nimbus on this JVM. Printed, not asserted: timings on a shared machine are not a pass/fail matter.
 */
class SigningCostTests {

    private static final int SIGN_ROUNDS = 100;

    @Test
    void costWhenSigningAndVerifyingThenEveryAlgorithmRoundTrips() throws Exception {
        RSAKey rsa2048 = new RSAKeyGenerator(2048).generate();
        RSAKey rsa3072 = new RSAKeyGenerator(3072).generate();
        ECKey p256 = new ECKeyGenerator(Curve.P_256).generate();

        measure(
                "RS256 (RSA-2048)",
                new RSASSASigner(rsa2048),
                new RSASSAVerifier(rsa2048.toRSAPublicKey()),
                SigningAlgorithm.RS256,
                3000);
        measure(
                "RS256 (RSA-3072)",
                new RSASSASigner(rsa3072),
                new RSASSAVerifier(rsa3072.toRSAPublicKey()),
                SigningAlgorithm.RS256,
                3000);
        measure(
                "ES256 (P-256, JDK provider)",
                new ECDSASigner(p256),
                new ECDSAVerifier(p256.toECPublicKey()),
                SigningAlgorithm.ES256,
                500);
    }

    private static void measure(
            String name, JWSSigner signer, JWSVerifier verifier, SigningAlgorithm algorithm, int verifyRounds)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("00000000-0000-0000-0000-000000000000")
                .issuer("http://localhost:8080")
                .expirationTime(new Date(System.currentTimeMillis() + 300_000))
                .build();
        SignedJWT token = null;
        for (int i = 0; i < SIGN_ROUNDS; i++) {
            // Warm-up for the JIT; not measured.
            token = new SignedJWT(new JWSHeader(algorithm.jws()), claims);
            token.sign(signer);
        }
        long started = System.nanoTime();
        for (int i = 0; i < SIGN_ROUNDS; i++) {
            token = new SignedJWT(new JWSHeader(algorithm.jws()), claims);
            token.sign(signer);
        }
        long signMicros = (System.nanoTime() - started) / 1000 / SIGN_ROUNDS;
        SignedJWT parsed = SignedJWT.parse(token.serialize());
        for (int i = 0; i < verifyRounds; i++) {
            assertThat(parsed.verify(verifier)).isTrue();
        }
        started = System.nanoTime();
        for (int i = 0; i < verifyRounds; i++) {
            assertThat(parsed.verify(verifier)).isTrue();
        }
        long verifyMicros = (System.nanoTime() - started) / 1000 / verifyRounds;
        System.out.printf("%s: sign %d us, verify %d us%n", name, signMicros, verifyMicros);
    }
}
