package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.WebFilter;

/**
 * Issue 7: the benchmark's comparison peer ({@code SpringSecurityVerifierConfiguration}, test code: the gateway's jar
 * has no Spring Security) verifies JWTs with Spring Security's {@code NimbusReactiveJwtDecoder} over the real JWKS
 * stub, still applies Tessera's revocation and lifetime rules, and answers exactly like the gateway's own verifier
 * (401 {@code invalid_token}, problem body), so the benchmark compares like with like.
 */
// Its own context: another verifier, with the revocation feed on.
@GatewayTest
@TestPropertySource(
        properties = {
            "tessera.gateway.jwt.verifier=spring-security",
            "tessera.gateway.revocation.enabled=true",
            "tessera.gateway.revocation.poll-interval=200ms",
            "tessera.gateway.revocation.max-backoff=400ms",
            "tessera.gateway.revocation.timeout=500ms"
        })
class SpringSecurityVerifierTests extends GatewayTestSupport {

    static final StubServer FEED = StubServer.start();

    private static final AtomicReference<String> SESSIONS = new AtomicReference<>("");

    @DynamicPropertySource
    static void feed(DynamicPropertyRegistry registry) {
        FEED.respondWith(200, SpringSecurityVerifierTests::page);
        registry.add("tessera.gateway.revocation.uri", () -> FEED.uri() + "/internal/revocations");
    }

    private static String page() {
        return "{\"next\":\"1\",\"more\":false,\"users\":[],\"sessions\":[" + SESSIONS.get() + "]}";
    }

    private final PassportVerifier forumVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service");

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void jwksServesTheKey() {
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    private static String token(JWTClaimsSet.Builder claims) {
        return TestTokens.sign(TestTokens.header().build(), claims.build());
    }

    private static Date ago(long seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    @Test
    void validTokenWhenSpringSecurityVerifierThenUpstreamGetsPassport() throws Exception {
        String subject = UUID.randomUUID().toString();
        String token = token(TestTokens.claims().subject(subject).claim("roles", List.of("USER", "MODERATOR")));

        HttpResponse<String> response = protectedPost(token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received).isNotNull();
        assertThat(received.header("Authorization")).isEmpty();
        Passport passport =
                forumVerifier.verify(received.header("X-Tessera-Passport").get(0), "POST", received.rawPath());
        assertThat(passport.userId()).isEqualTo(subject);
        assertThat(passport.username()).isEqualTo("alice");
        assertThat(passport.roles()).containsExactlyInAnyOrder("USER", "MODERATOR");
    }

    /**
     * Shows which verifier runs: Tessera's refuses a token without {@code kid} (ClaimsTests), Spring Security's
     * decoder takes the only key of the set. Documented in the README as a difference.
     */
    @Test
    void tokenWithoutKidWhenSpringSecurityVerifierThenAcceptedWithTheOnlyKey() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header().keyID(null).build(), TestTokens.claims().build());

        assertThat(protectedPost(token).statusCode()).isEqualTo(200);
    }

    @Test
    void signatureWhenTamperedThenInvalidToken() throws Exception {
        String[] parts = TestTokens.valid().split("\\.");
        byte[] flipped = Base64.getUrlDecoder().decode(parts[2]);
        flipped[10] ^= 0x01;
        String forgedSignature = parts[0] + "." + parts[1] + "." + TestTokens.b64(flipped);
        String forgedPayload = parts[0] + "."
                + TestTokens.b64(TestTokens.claims()
                        .claim("roles", List.of("ADMIN"))
                        .build()
                        .toString())
                + "." + parts[2];

        assertInvalidToken(protectedPost(forgedSignature), forgedSignature);
        assertInvalidToken(protectedPost(forgedPayload), forgedPayload);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void algNoneOrHs256WhenPresentedThenInvalidToken() throws Exception {
        String claims = TestTokens.claims().build().toString();
        String none = TestTokens.raw("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}", claims, "");
        String noneWithSignature = TestTokens.raw(
                "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}",
                claims,
                TestTokens.valid().split("\\.")[2]);
        String jwk = TestTokens.KEY.toPublicJWK().toJSONString();
        String hs256 = TestTokens.sign(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID("key-1")
                        .build(),
                TestTokens.claims().build(),
                new MACSigner(Arrays.copyOf(jwk.getBytes(StandardCharsets.UTF_8), 64)));

        for (String token : List.of(none, noneWithSignature, hs256)) {
            assertInvalidToken(protectedPost(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void issuerWhenNotExactlyTheConfiguredOneThenInvalidToken() throws Exception {
        for (String issuer : List.of("http://localhost:8080/", "http://evil:8080")) {
            String token = token(TestTokens.claims().issuer(issuer));
            assertInvalidToken(protectedPost(token), token);
        }
        String missing = token(TestTokens.claims().issuer(null));
        assertInvalidToken(protectedPost(missing), missing);
    }

    @Test
    void audienceWhenWrongOrMissingThenInvalidTokenAndWhenContainedThenAccepted() throws Exception {
        String wrong = token(TestTokens.claims().audience("other"));
        String missing = token(TestTokens.claims().audience((String) null));
        String contained = token(TestTokens.claims().audience(List.of("other", TestTokens.AUDIENCE)));

        assertInvalidToken(protectedPost(wrong), wrong);
        assertInvalidToken(protectedPost(missing), missing);
        assertThat(protectedPost(contained).statusCode()).isEqualTo(200);
    }

    @Test
    void clientIdWhenEqualToSubThenInvalidTokenBecauseMachineTokensNeverSpeakForAUser() throws Exception {
        String machine = token(TestTokens.claims().subject("forum-service").claim("client_id", "forum-service"));
        String user = token(TestTokens.claims().claim("client_id", "tessera-web"));

        assertInvalidToken(protectedPost(machine), machine);
        assertThat(protectedPost(user).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredBeyondSkewThenInvalidTokenAndWithinSkewThenAccepted() throws Exception {
        String expired = token(
                TestTokens.claims().issueTime(ago(600)).notBeforeTime(ago(600)).expirationTime(ago(120)));
        String withinSkew = token(
                TestTokens.claims().issueTime(ago(600)).notBeforeTime(ago(600)).expirationTime(ago(30)));

        assertInvalidToken(protectedPost(expired), expired);
        assertThat(protectedPost(withinSkew).statusCode()).isEqualTo(200);
    }

    @Test
    void typWhenOtherOrMissingThenInvalidToken() throws Exception {
        for (JWSHeader header : List.of(
                TestTokens.header().type(null).build(),
                TestTokens.header().type(JOSEObjectType.JWT).build(),
                TestTokens.header().type(new JOSEObjectType("refresh+jwt")).build())) {
            String token = TestTokens.sign(header, TestTokens.claims().build());
            assertInvalidToken(protectedPost(token), token);
        }
        String mediaType = TestTokens.sign(
                TestTokens.header()
                        .type(new JOSEObjectType("application/at+jwt"))
                        .build(),
                TestTokens.claims().build());
        assertThat(protectedPost(mediaType).statusCode()).isEqualTo(200);
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
    void requiredClaimsWhenMissingThenInvalidToken() throws Exception {
        String noIat = token(TestTokens.claims().issueTime(null));
        String noExp = token(TestTokens.claims().expirationTime(null));
        String noSub = token(TestTokens.claims().subject(null));
        String blankSub = token(TestTokens.claims().subject(" "));

        for (String token : List.of(noIat, noExp, noSub, blankSub)) {
            assertInvalidToken(protectedPost(token), token);
        }
    }

    @Test
    void lifetimeWhenAboveConfiguredMaximumOrRolesNotAnArrayThenInvalidToken() throws Exception {
        String longLived =
                token(TestTokens.claims().expirationTime(Date.from(Instant.now().plusSeconds(2 * 3600))));
        String roleString = token(TestTokens.claims().claim("roles", "ADMIN"));

        assertInvalidToken(protectedPost(longLived), longLived);
        assertInvalidToken(protectedPost(roleString), roleString);
    }

    @Test
    void sessionRevokedThenItsTokensRefusedWithinThePollBound() throws Exception {
        String sid = UUID.randomUUID().toString();
        String revoked = token(TestTokens.claims().claim("sid", sid));
        String other = TestTokens.valid();
        assertThat(protectedPost(revoked).statusCode()).isEqualTo(200);

        long until = Instant.now().plusSeconds(400).getEpochSecond();
        SESSIONS.accumulateAndGet(
                "{\"sid\":\"" + sid + "\",\"expires_at\":" + until + "}", (a, b) -> a.isEmpty() ? b : a + "," + b);

        long deadline = System.nanoTime() + 1_200_000_000L;
        HttpResponse<String> response = protectedPost(revoked);
        while (response.statusCode() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = protectedPost(revoked);
        }
        assertInvalidToken(response, revoked);
        assertThat(protectedPost(other).statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusWhenTokensJudgedThenCountedByFixedReason() throws Exception {
        assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
        String wrongIssuer = token(TestTokens.claims().issuer("http://evil:8080"));
        assertInvalidToken(protectedPost(wrongIssuer), wrongIssuer);

        HttpResponse<String> scrape =
                management.send(management.request("/actuator/prometheus").GET());

        assertThat(scrape.body())
                .contains("tessera_gateway_tokens_total{outcome=\"verified\",reason=\"none\"")
                .contains("tessera_gateway_tokens_total{outcome=\"rejected\",reason=\"wrong issuer\"");
    }

    /**
     * The peer brings spring-security-oauth2-jose only: no spring-security-web on the classpath, so no {@code
     * SecurityWebFilterChain} or any other Spring Security web filter can exist; public routes stay public. And it,
     * not the gateway's own verifier, is the one at the edge.
     */
    @Test
    void contextWhenSpringSecurityVerifierThenNoSecurityWebFilterChainAndPublicRoutesOpen() throws Exception {
        // TokenVerifier is package-private in verify: asked for by name, the edge's (primary) one is the peer.
        Class<?> edgeVerifier = ClassUtils.forName("dev.tessera.gateway.verify.TokenVerifier", null);
        assertThat(context.getBean(edgeVerifier).getClass().getSimpleName()).isEqualTo("SpringSecurityTokenVerifier");
        assertThat(ClassUtils.isPresent("org.springframework.security.web.server.SecurityWebFilterChain", null))
                .isFalse();
        assertThat(ClassUtils.isPresent(
                        "org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity", null))
                .isFalse();
        assertThat(context.getBeansOfType(WebFilter.class).values())
                .noneMatch(filter -> filter.getClass().getName().startsWith("org.springframework.security"));
        assertThat(Arrays.stream(context.getBeanDefinitionNames())
                        .map(context::getType)
                        .filter(type -> type != null)
                        .map(Class::getName))
                .noneMatch(type -> type.startsWith("org.springframework.security"));

        assertThat(get("/api/forum/threads", null).statusCode()).isEqualTo(200);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
    }
}
