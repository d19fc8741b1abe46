package dev.tessera.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.revocation.RevocationList;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/** {@link SpringSecurityTokenVerifier} on its own, with the JWKS served over real HTTP: algorithms and reasons. */
class SpringSecurityTokenVerifierTests {

    private static final String ISSUER = "http://localhost:8080";

    private static final ECKey EC = ec("ec-1");

    private static final RSAKey RSA = rsa("rsa-1");

    private final AtomicReference<String> jwks = new AtomicReference<>();

    private final AtomicInteger status = new AtomicInteger(200);

    private final AtomicInteger fetches = new AtomicInteger();

    private final HttpServer server = start();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/jwks", exchange -> {
                fetches.incrementAndGet();
                byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            return http;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private SpringSecurityTokenVerifier verifier(String algorithm, RevocationList revocations, JWK... keys) {
        jwks.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
        JwtProperties properties = new JwtProperties(
                JwtProperties.Algorithm.valueOf(algorithm),
                "tessera",
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                8192,
                null,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                10000,
                "tessera_access");
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        return new SpringSecurityTokenVerifier(uri, properties, ISSUER, revocations, WebClient.builder());
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("tessera")
                .subject("u-1")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID("j-1")
                .claim("preferred_username", "alice")
                .claim("roles", List.of("USER"))
                .claim("sid", "s-1");
    }

    private static String sign(JWSAlgorithm algorithm, String kid, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(kid)
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String es256(JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, EC.getKeyID(), claims, new ECDSASigner(EC));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String rs256(String kid, RSAKey key) {
        try {
            return sign(JWSAlgorithm.RS256, kid, claims().build(), new RSASSASigner(key));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void assertRejected(SpringSecurityTokenVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token).block())
                .hasCauseInstanceOf(TokenRejectedException.class)
                .cause()
                .hasMessage(reason);
    }

    @Test
    void es256WhenConfiguredThenVerifiedAndMappedToAccessToken() {
        SpringSecurityTokenVerifier verifier = verifier("ES256", new RevocationList(), EC, RSA);

        AccessToken token = verifier.verify(es256(claims().build())).block();

        assertThat(token.subject()).isEqualTo("u-1");
        assertThat(token.username()).isEqualTo("alice");
        assertThat(token.roles()).containsExactly("USER");
        assertThat(token.sessionId()).isEqualTo("s-1");
        assertThat(token.tokenId()).isEqualTo("j-1");
        assertThat(token.keyId()).isEqualTo("ec-1");
        assertThat(token.notBefore()).isNull();
        assertThat(token.expiresAt()).isAfter(token.issuedAt());
    }

    @Test
    void rs256WhenEs256ConfiguredThenAlgorithmNotAllowed() {
        SpringSecurityTokenVerifier verifier = verifier("ES256", new RevocationList(), EC, RSA);

        assertRejected(verifier, rs256("rsa-1", RSA), "algorithm not allowed");
    }

    @Test
    void failuresWhenDecoderRefusesThenFixedReasons() {
        SpringSecurityTokenVerifier verifier = verifier("RS256", new RevocationList(), RSA);
        String valid = rs256("rsa-1", RSA);
        String[] parts = valid.split("\\.");

        assertRejected(verifier, "not.a.token", "unparseable");
        byte[] flipped = Base64.getUrlDecoder().decode(parts[2]);
        flipped[10] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
        assertRejected(verifier, tampered, "bad signature");
        assertRejected(verifier, rs256("other", rsa("other")), "no matching key");
        assertRejected(
                verifier,
                sign(JWSAlgorithm.RS256, "rsa-1", claims().issuer("http://evil").build(), signer(RSA)),
                "wrong issuer");
    }

    @Test
    void jwksWhenNeverFetchedThenKeysUnavailableAndOnceLoadedAnUnreachableRefetchIsARejection() {
        SpringSecurityTokenVerifier verifier = verifier("RS256", new RevocationList(), RSA);
        status.set(503);

        assertThatThrownBy(() -> verifier.verify(rs256("rsa-1", RSA)).block())
                .hasCauseInstanceOf(KeysUnavailableException.class);

        status.set(200);
        assertThat(verifier.verify(rs256("rsa-1", RSA)).block()).isNotNull();
        status.set(503);
        int before = fetches.get();
        assertRejected(verifier, rs256("rotated", rsa("rotated")), "unknown kid");
        assertThat(fetches.get()).as("an unknown kid re-fetches the JWKS").isGreaterThan(before);
    }

    private static JWSSigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
