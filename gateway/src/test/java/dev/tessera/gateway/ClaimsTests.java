package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.tessera.passport.Passport;
import dev.tessera.testsupport.PassportMinter;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/threat-model.md section B: claims, through real HTTP. */
@GatewayTest
class ClaimsTests extends GatewayTestSupport {

    private static Date ago(long seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    private static Date ahead(long seconds) {
        return Date.from(Instant.now().plusSeconds(seconds));
    }

    private String token(com.nimbusds.jwt.JWTClaimsSet.Builder claims) {
        return TestTokens.sign(TestTokens.header().build(), claims.build());
    }

    @Test
    void expWhen120SecondsPastThenInvalidToken() throws Exception {
        String token = token(
                TestTokens.claims().issueTime(ago(420)).notBeforeTime(ago(420)).expirationTime(ago(120)));

        assertInvalidToken(protectedPost(token), token);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void expWhen30SecondsPastThenAcceptedWithinSkew() throws Exception {
        String token = token(
                TestTokens.claims().issueTime(ago(330)).notBeforeTime(ago(330)).expirationTime(ago(30)));

        assertThat(protectedPost(token).statusCode()).isEqualTo(200);
    }

    @Test
    void expWhenNotNumericThenInvalidToken() throws Exception {
        String claims = TestTokens.claims().build().toString().replaceFirst("\"exp\":\\d+", "\"exp\":\"tomorrow\"");
        String token = TestTokens.raw(TestTokens.header().build().toString(), claims, "c2ln");
        // Signed properly, so the claim parsing (not the signature) is what refuses it.
        String signed = signRaw(claims);

        assertInvalidToken(protectedPost(token), token);
        assertInvalidToken(protectedPost(signed), signed);
    }

    @Test
    void expWhenMissingThenInvalidToken() throws Exception {
        String token = token(TestTokens.claims().expirationTime(null));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void nbfWhen30SecondsAheadThenAcceptedWithinSkew() throws Exception {
        assertThat(protectedPost(token(TestTokens.claims().notBeforeTime(ahead(30))))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void nbfWhen120SecondsAheadThenInvalidToken() throws Exception {
        String token = token(TestTokens.claims().notBeforeTime(ahead(120)));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void iatWhenInTheFutureBeyondSkewThenInvalidToken() throws Exception {
        String token = token(TestTokens.claims().issueTime(ahead(120)).expirationTime(ahead(400)));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void lifetimeWhenAboveConfiguredMaximumThenInvalidToken() throws Exception {
        String token = token(TestTokens.claims().expirationTime(ahead(2 * 3600)));

        assertInvalidToken(protectedPost(token), token);
    }

    @Test
    void issuerWhenNotExactlyTheConfiguredOneThenInvalidToken() throws Exception {
        for (String issuer : List.of(
                "http://localhost:8080/", "https://localhost:8080", "http://auth-service:8081", "http://evil:8080")) {
            String token = token(TestTokens.claims().issuer(issuer));
            assertInvalidToken(protectedPost(token), token);
        }
        String missing = token(TestTokens.claims().issuer(null));
        assertInvalidToken(protectedPost(missing), missing);
        String array = token(TestTokens.claims().claim("iss", List.of(TestTokens.ISSUER)));
        assertInvalidToken(protectedPost(array), array);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void audienceWhenWrongOrMissingThenInvalidToken() throws Exception {
        String wrong = token(TestTokens.claims().audience("other"));
        String missing = token(TestTokens.claims().audience((String) null));

        assertInvalidToken(protectedPost(wrong), wrong);
        assertInvalidToken(protectedPost(missing), missing);
    }

    @Test
    void clientIdWhenEqualToSubThenInvalidTokenBecauseMachineTokensNeverSpeakForAUser() throws Exception {
        // RFC 9068 section 2.2: a client credentials token's sub is its client_id.
        String machine = token(TestTokens.claims()
                .subject("forum-service")
                .claim("client_id", "forum-service")
                .claim("scope", "x"));
        String emptyClientId = token(TestTokens.claims().claim("client_id", ""));
        String notAString = token(TestTokens.claims().claim("client_id", List.of("forum-service")));

        assertInvalidToken(protectedPost(machine), machine);
        assertInvalidToken(protectedPost(emptyClientId), emptyClientId);
        assertInvalidToken(protectedPost(notAString), notAString);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void clientIdWhenTheFirstPartyClientOfAUserTokenThenAccepted() throws Exception {
        // What auth-service's login and refresh issue: sub the account, client_id Tessera's own client.
        String user = token(TestTokens.claims().claim("client_id", "tessera-web"));

        assertThat(protectedPost(user).statusCode()).isEqualTo(200);
    }

    @Test
    void audienceWhenArrayContainsOursThenAccepted() throws Exception {
        String token = token(TestTokens.claims().audience(List.of("other", TestTokens.AUDIENCE)));

        assertThat(protectedPost(token).statusCode()).isEqualTo(200);
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
    }

    @Test
    void passportOrRefreshTokenWhenUsedAsAccessTokenThenInvalidToken() throws Exception {
        String passport = new PassportMinter(GatewayTest.FORUM_PASSPORT_KEY, "forum-service")
                .sign(Passport.caller("u", "alice", Set.of("ADMIN"), null, null), "POST", "/threads");
        String refresh = "rt_3q2-7wEjM1bK0lYb9sWc4xQ0hY1n5uVh2sF8dP0aZ4";

        assertInvalidToken(protectedPost(passport), passport);
        assertInvalidToken(protectedPost(refresh), refresh);
    }

    @Test
    void subjectWhenMissingOrEmptyThenInvalidToken() throws Exception {
        String missing = token(TestTokens.claims().subject(null));
        String empty = token(TestTokens.claims().subject(""));

        assertInvalidToken(protectedPost(missing), missing);
        assertInvalidToken(protectedPost(empty), empty);
    }

    @Test
    void roleWhenLackingThenInsufficientScope() throws Exception {
        HttpResponse<String> response = get("/api/auth/admin/users", TestTokens.valid());

        assertProblem(response, 403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
    }

    @Test
    void roleWhenHeldWithSecondFactorThenRoutedUpstream() throws Exception {
        String admin = token(TestTokens.claims()
                .claim("roles", List.of("USER", "ADMIN"))
                .claim("amr", List.of("pwd", "otp"))
                .claim("auth_time", java.time.Instant.now().getEpochSecond()));

        // auth-service is down in this context: reaching it (503) proves the policy let the request pass.
        HttpResponse<String> response = get("/api/auth/admin/users", admin);

        assertProblem(response, 503);
    }

    @Test
    void adminRouteWhenAdminLoggedInWithPasswordOnlyThenStepUpByDefault() throws Exception {
        String admin = token(TestTokens.claims()
                .claim("roles", List.of("USER", "ADMIN"))
                .claim("amr", List.of("pwd"))
                .claim("auth_time", java.time.Instant.now().getEpochSecond()));

        HttpResponse<String> response = get("/api/auth/admin/users", admin);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_user_authentication\"");
    }

    private static String signRaw(String claimsJson) throws Exception {
        com.nimbusds.jose.JWSObject jws =
                new com.nimbusds.jose.JWSObject(TestTokens.header().build(), new com.nimbusds.jose.Payload(claimsJson));
        jws.sign(new com.nimbusds.jose.crypto.RSASSASigner(TestTokens.KEY));
        return jws.serialize();
    }
}
