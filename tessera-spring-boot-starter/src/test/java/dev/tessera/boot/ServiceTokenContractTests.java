package dev.tessera.boot;

import static dev.tessera.boot.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Machine tokens on the machine-token paths, over real HTTP, the same tests for both stacks ({@link
 * ServletServiceTokenTests}, {@link ReactiveServiceTokenTests}): docs/threat-model.md A and B for a service-to-service call.
 */
abstract class ServiceTokenContractTests extends RealHttpTests {

    static final String AUDIENCE = "tessera.passport.audience=" + ServiceTokens.AUDIENCE;

    static final String ISSUER = "tessera.service-token.issuer=" + ServiceTokens.ISSUER;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("tessera.service-token.jwks-uri", ServiceTokens::jwksUri);
    }

    /** The endpoints a service exposes to other services. */
    @RestController
    static class InternalController {

        @PostMapping("/internal/events")
        Map<String, Object> event(ServiceCaller caller) {
            caller.requireScope("events:write");
            return Map.of("client", caller.clientId(), "scopes", List.copyOf(caller.scopes()));
        }

        @PostMapping("/internal/ping")
        Map<String, Object> ping(ServiceCaller caller) {
            return Map.of("client", caller.clientId());
        }
    }

    @Import({InternalController.class, PassportTestApplication.CallerController.class})
    static class Endpoints {}

    private TestHttp.Response call(String path, String token) {
        return (token == null)
                ? this.http.send("POST", path, null, null)
                : this.http.send("POST", path, null, null, "Authorization", "Bearer " + token);
    }

    @Test
    void callWhenValidTokenWithTheScopeThenTheHandlerSeesTheClient() {
        TestHttp.Response response =
                call("/internal/events", ServiceTokens.token("forum-service", "events:write other"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("client").asString()).isEqualTo("forum-service");
    }

    @Test
    void callWhenNoTokenThen401WithTheBareChallenge() {
        TestHttp.Response response = call("/internal/events", null);

        assertProblem(response, 401, "service-token-required");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void callWhenScopeMissingThen403InsufficientScope() {
        TestHttp.Response response = call("/internal/events", ServiceTokens.token("forum-service", "events:read"));

        assertProblem(response, 403, "insufficient-scope");
        assertThat(response.header("WWW-Authenticate"))
                .contains("insufficient_scope")
                .contains("events:write");
    }

    @Test
    void callWhenTokenIsNotAValidMachineTokenForThisServiceThen401InvalidToken() {
        Instant past = Instant.now().minusSeconds(3600);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(
                "other audience",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().build(),
                        ServiceTokens.claims("forum-service", "events:write")
                                .audience("auth-service")
                                .build()));
        refused.put(
                "other issuer",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().build(),
                        ServiceTokens.claims("forum-service", "events:write")
                                .issuer(ServiceTokens.ISSUER + "/")
                                .build()));
        refused.put(
                "expired",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().build(),
                        ServiceTokens.claims("forum-service", "events:write")
                                .issueTime(Date.from(past))
                                .expirationTime(Date.from(past.plusSeconds(300)))
                                .build()));
        refused.put(
                "typ JWT",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().type(JOSEObjectType.JWT).build(),
                        ServiceTokens.claims("forum-service", "events:write").build()));
        refused.put(
                "a user's token (sub is not the client)",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().build(),
                        ServiceTokens.claims("forum-service", "events:write")
                                .subject("4f1c7c0e-5d1a-4e0b-9a57-1f2d3c4b5a69")
                                .build()));
        refused.put(
                "no client_id",
                ServiceTokens.sign(
                        ServiceTokens.KEY,
                        ServiceTokens.header().build(),
                        new JWTClaimsSet.Builder(ServiceTokens.claims("forum-service", "events:write")
                                        .build())
                                .claim("client_id", null)
                                .build()));
        refused.put(
                "signed by another key with the same kid",
                ServiceTokens.sign(
                        ServiceTokens.OTHER_KEY,
                        ServiceTokens.header().build(),
                        ServiceTokens.claims("forum-service", "events:write").build()));
        refused.put("alg none", unsigned());
        refused.put("HS256 with the public key", hmacWithPublicKey());
        refused.put("garbage", "a.b.c");

        refused.forEach((what, token) -> {
            TestHttp.Response response = call("/internal/events", token);
            assertThat(response.status()).as(what).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(what).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(response.body()).as(what).doesNotContain(token);
        });
    }

    @Test
    void userPathWhenOnlyAMachineTokenThenThePassportIsStillRequired() {
        TestHttp.Response response = this.http.send(
                "POST",
                "/threads",
                null,
                null,
                "Authorization",
                "Bearer " + ServiceTokens.token("forum-service", null));

        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void machinePathWhenOnlyAPassportThenRefused() {
        TestHttp.Response response = this.http.send("POST", "/internal/ping", TestHttp.ROOT, null);

        assertProblem(response, 401, "service-token-required");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void unknownKidWhenRepeatedThenKeySetFetchesStayBounded() {
        int before = ServiceTokens.fetches();
        for (int i = 0; i < 30; i++) {
            String token = ServiceTokens.sign(
                    ServiceTokens.KEY,
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID("unknown-" + i)
                            .build(),
                    ServiceTokens.claims("forum-service", "events:write").build());
            assertThat(call("/internal/events", token).status()).isEqualTo(401);
        }

        // At most the first load of the set (if no test before loaded it) and one refetch per 30 s interval.
        assertThat(ServiceTokens.fetches() - before)
                .as("key-set fetches for 30 unknown kids")
                .isLessThanOrEqualTo(2);
    }

    private static String unsigned() {
        String header = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
        String payload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ServiceTokens.claims("forum-service", "events:write")
                        .build()
                        .toString()
                        .getBytes());
        return header + "." + payload + ".";
    }

    private static String hmacWithPublicKey() {
        try {
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(ServiceTokens.KEY.getKeyID())
                            .build(),
                    ServiceTokens.claims("forum-service", "events:write").build());
            byte[] secret = ServiceTokens.KEY.toPublicJWK().toJSONString().getBytes();
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
