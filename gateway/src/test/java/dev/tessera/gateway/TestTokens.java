package dev.tessera.gateway;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Real RSA keys and access tokens shaped like auth-service's (docs/contracts.md). */
final class TestTokens {

    static final String ISSUER = "http://localhost:8080";

    static final String AUDIENCE = "tessera";

    static final RSAKey KEY = generate("key-1");

    static final RSAKey ROTATED_KEY = generate("key-2");

    private TestTokens() {}

    static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String jwks(RSAKey... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(KEY.getKeyID());
    }

    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(UUID.randomUUID().toString())
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", "alice")
                .claim("roles", List.of("USER"))
                .claim("sid", UUID.randomUUID().toString());
    }

    static String valid() {
        return sign(header().build(), claims().build());
    }

    static String sign(JWSHeader header, JWTClaimsSet claims) {
        return sign(header, claims, KEY);
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) {
        try {
            return sign(header, claims, new RSASSASigner(key));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A compact form from raw JSON parts and a raw signature text, for shapes nimbus would not build. */
    static String raw(String headerJson, String payloadJson, String signature) {
        return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
