package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertBareChallenge;
import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/threat-model.md section A: token forgery and parsing, through real HTTP. */
@GatewayTest
class TokenForgeryTests extends GatewayTestSupport {

    @Test
    void validTokenWhenProtectedRouteThenForwarded() throws Exception {
        HttpResponse<String> response = protectedPost(TestTokens.valid());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(FORUM.next()).isNotNull();
    }

    @Test
    void algNoneWhenAnySpellingOrSignatureThenInvalidToken() throws Exception {
        String claims = TestTokens.claims().build().toString();
        String sig = TestTokens.valid().split("\\.")[2];
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}";
            for (String token : List.of(
                    TestTokens.raw(header, claims, ""),
                    TestTokens.raw(header, claims, "")
                            .substring(0, TestTokens.raw(header, claims, "").length() - 1),
                    TestTokens.raw(header, claims, sig))) {
                assertInvalidToken(protectedPost(token), token);
            }
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void hs256WhenSignedWithPublicKeyMaterialThenInvalidToken() throws Exception {
        byte[] der = TestTokens.KEY.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        String jwk = TestTokens.KEY.toPublicJWK().toJSONString();
        for (byte[] secret :
                List.of(pem.getBytes(StandardCharsets.US_ASCII), der, jwk.getBytes(StandardCharsets.UTF_8))) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(new JOSEObjectType("at+jwt"))
                    .keyID("key-1")
                    .build();
            String token = TestTokens.sign(header, TestTokens.claims().build(), new MACSigner(secret));
            assertInvalidToken(protectedPost(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void unknownKidWhenSignedWithStrangersKeyThenInvalidToken() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header().keyID("stranger").build(),
                TestTokens.claims().build(),
                TestTokens.generate("stranger"));

        assertInvalidToken(protectedPost(token), token);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void knownKidWhenSignedWithAnotherKeyThenInvalidToken() throws Exception {
        String token =
                TestTokens.sign(TestTokens.header().build(), TestTokens.claims().build(), TestTokens.generate("key-1"));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void payloadWhenReEncodedWithOriginalSignatureThenInvalidToken() throws Exception {
        String[] parts = TestTokens.valid().split("\\.");
        for (String forgedClaims : List.of(
                TestTokens.claims().subject("admin").build().toString(),
                TestTokens.claims().claim("roles", List.of("ADMIN")).build().toString(),
                TestTokens.claims()
                        .expirationTime(new java.util.Date(4_000_000_000_000L))
                        .build()
                        .toString())) {
            String token = parts[0] + "." + TestTokens.b64(forgedClaims) + "." + parts[2];
            assertInvalidToken(protectedPost(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void signatureWhenTruncatedFlippedOrBorrowedThenInvalidToken() throws Exception {
        String token = TestTokens.valid();
        String[] parts = token.split("\\.");
        byte[] flipped = Base64.getUrlDecoder().decode(parts[2]);
        flipped[10] ^= 0x01;
        String other = TestTokens.valid().split("\\.")[2];
        for (String forged : List.of(
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() / 2),
                parts[0] + "." + parts[1] + "." + TestTokens.b64(flipped),
                parts[0] + "." + parts[1] + "." + other)) {
            assertInvalidToken(protectedPost(forged), forged);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void rightKidWhenOtherAlgorithmThenInvalidToken() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("key-1").generate();
        List<String> tokens = List.of(
                TestTokens.sign(
                        new JWSHeader.Builder(JWSAlgorithm.PS256)
                                .type(new JOSEObjectType("at+jwt"))
                                .keyID("key-1")
                                .build(),
                        TestTokens.claims().build(),
                        new RSASSASigner(TestTokens.KEY)),
                TestTokens.sign(
                        new JWSHeader.Builder(JWSAlgorithm.RS512)
                                .type(new JOSEObjectType("at+jwt"))
                                .keyID("key-1")
                                .build(),
                        TestTokens.claims().build(),
                        new RSASSASigner(TestTokens.KEY)),
                TestTokens.sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES384)
                                .type(new JOSEObjectType("at+jwt"))
                                .keyID("key-1")
                                .build(),
                        TestTokens.claims().build(),
                        new ECDSASigner(ec)));
        for (String token : tokens) {
            assertInvalidToken(protectedPost(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void keyOrKeyUrlInHeaderWhenPresentThenInvalidTokenAndNoOutboundRequest() throws Exception {
        StubServer attacker = StubServer.start();
        attacker.respondWith(200, () -> TestTokens.jwks(TestTokens.generate("evil")));
        try {
            var evil = TestTokens.generate("evil");
            List<JWSHeader> headers = List.of(
                    TestTokens.header().keyID("evil").jwk(evil.toPublicJWK()).build(),
                    TestTokens.header()
                            .keyID("evil")
                            .jwkURL(URI.create(attacker.uri() + "/jwks"))
                            .build(),
                    TestTokens.header()
                            .keyID("evil")
                            .x509CertURL(URI.create(attacker.uri() + "/cert"))
                            .build(),
                    TestTokens.header()
                            .keyID("evil")
                            .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode("not a cert")))
                            .build(),
                    TestTokens.header()
                            .jwkURL(URI.create(attacker.uri() + "/jwks"))
                            .build());
            for (JWSHeader header : headers) {
                String token = TestTokens.sign(header, TestTokens.claims().build(), evil);
                assertInvalidToken(protectedPost(token), token);
            }
            assertThat(attacker.hits()).isZero();
            assertThat(FORUM.nothingReceived()).isTrue();
        } finally {
            attacker.close();
        }
    }

    @Test
    void kidWhenHostileValueThenInvalidToken() throws Exception {
        String claims = TestTokens.claims().build().toString();
        for (String kid : List.of(
                "\"../../../../etc/passwd\"",
                "\"' OR '1'='1\"",
                "\"key-1\\r\\nX-Injected: 1\"",
                "\"" + "k".repeat(4096) + "\"",
                "\"\"",
                "1",
                "null")) {
            String token = TestTokens.raw("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":" + kid + "}", claims, "c2ln");
            HttpResponse<String> response = protectedPost(token);
            assertInvalidToken(response, token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void critWhenUnknownThenInvalidToken() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header()
                        .criticalParams(Set.of("tessera-unknown"))
                        .customParam("tessera-unknown", true)
                        .build(),
                TestTokens.claims().build());

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void compactFormWhenMalformedThenInvalidTokenNever500() throws Exception {
        String[] parts = TestTokens.valid().split("\\.");
        for (String token : List.of(
                "x",
                parts[0] + "." + parts[1],
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2],
                parts[0] + ".%%%." + parts[2],
                "eyJ!!." + parts[1] + "." + parts[2],
                TestTokens.b64("[1,2]") + "." + parts[1] + "." + parts[2],
                TestTokens.b64("\"text\"") + "." + parts[1] + "." + parts[2],
                TestTokens.b64("{\"alg\":null,\"typ\":\"at+jwt\",\"kid\":\"key-1\"}") + "." + parts[1] + "." + parts[2],
                Base64URL.encode(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}) + "." + parts[1] + "." + parts[2],
                parts[0] + "." + Base64URL.encode(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}) + "." + parts[2],
                "..")) {
            assertInvalidToken(protectedPost(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void tokenWhenLongerThan8KiBThenInvalidToken() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims().claim("padding", "p".repeat(9000)).build());

        assertInvalidToken(protectedPost(token), token);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void bearerHeaderWhen16KiBThenRefusedWith431Or400() throws Exception {
        String token = "a".repeat(16 * 1024);

        HttpResponse<String> response = protectedPost(token);

        assertThat(response.statusCode()).isIn(400, 431);
        assertThat(response.body()).doesNotContain(token);
        assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void accessCookieWhen16KiBThenRefusedWith431Or400AndNothingForwarded() throws Exception {
        String token = "a".repeat(16 * 1024);

        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Cookie", "tessera_access=" + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isIn(400, 431);
        assertThat(response.body()).doesNotContain(token);
        assertThat(FORUM.nothingReceived()).isTrue();
        assertThat(protectedPost(TestTokens.valid()).statusCode())
                .as("valid traffic unaffected")
                .isEqualTo(200);
    }

    @Test
    void hugeAudienceArrayWhenWithin8KiBThenJudgedAndRefused() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims()
                        .audience(java.util.Collections.nCopies(600, "x"))
                        .build());

        // Read and judged (600 audiences, none ours), not a 431 for its size; the cost is no test's matter.
        assertInvalidToken(protectedPost(token), token);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void noCredentialsWhenProtectedRouteThenBareChallenge() throws Exception {
        HttpResponse<String> response =
                send(request("/api/forum/threads").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertBareChallenge(response);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void basicSchemeWhenProtectedRouteThenBareChallenge() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertBareChallenge(response);
    }

    @Test
    void emptyBearerWhenProtectedRouteThenInvalidToken() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Authorization", "Bearer ")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertInvalidToken(response, null);
    }

    @Test
    void lowercaseBearerWhenValidTokenThenAccepted() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Authorization", "bearer " + TestTokens.valid())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void headerAndCookieWhenDifferentTokensThenInvalidRequest() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Authorization", "Bearer " + TestTokens.valid())
                .header("Cookie", "tessera_access=" + TestTokens.valid())
                .GET());

        assertProblem(response, 400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_request\"");
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void accessTokenQueryParameterWhenOnlyCredentialThenIgnored() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads?access_token=" + TestTokens.valid())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertBareChallenge(response);
    }
}
