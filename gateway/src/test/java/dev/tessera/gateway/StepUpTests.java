package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: route rules can want a second factor ({@code amr}) or a recent login ({@code auth_time}); a token that
 * does not show it gets RFC 9470's step-up challenge (401 {@code insufficient_user_authentication}), and the
 * upstream sees nothing. The rules live on a test route over the forum stub ({@link StubUpstreams}).
 */
@GatewayTest
class StepUpTests extends GatewayTestSupport {

    private static String token(List<String> amr, Instant authTime, List<String> roles) {
        JWTClaimsSet.Builder claims = TestTokens.claims().claim("roles", roles);
        if (amr != null) {
            claims.claim("amr", amr);
        }
        if (authTime != null) {
            claims.claim("auth_time", Date.from(authTime));
        }
        return TestTokens.sign(TestTokens.header().build(), claims.build());
    }

    private static void assertStepUp(HttpResponse<String> response, String maxAge) throws InterruptedException {
        assertProblem(response, 401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer error=\"insufficient_user_authentication\"");
        if (maxAge == null) {
            assertThat(challenge).doesNotContain("max_age");
        } else {
            assertThat(challenge).endsWith(", max_age=" + maxAge);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void secondFactorRouteWhenPasswordOnlyOrNoAmrThenStepUpChallengeAndNothingUpstream() throws Exception {
        assertStepUp(get("/api/stepup/second-factor", token(List.of("pwd"), Instant.now(), List.of("USER"))), null);
        assertStepUp(get("/api/stepup/second-factor", token(null, Instant.now(), List.of("USER"))), null);
    }

    @Test
    void secondFactorRouteWhenPasswordAndOtpThenPassedWithHowAndWhenInThePassport() throws Exception {
        Instant loggedIn = Instant.now().minusSeconds(42).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HttpResponse<String> response =
                get("/api/stepup/second-factor", token(List.of("pwd", "otp"), loggedIn, List.of("USER")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received.rawPath()).isEqualTo("/second-factor");
        Passport passport = new PassportVerifier(
                        PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service")
                .verify(received.header("X-Tessera-Passport").get(0), "GET", "/second-factor");
        assertThat(passport.authenticationMethods()).containsExactly("pwd", "otp");
        assertThat(passport.authTime()).isEqualTo(loggedIn);
        assertThat(passport.secondFactor()).isTrue();
    }

    @Test
    void recentLoginRouteWhenLoginOlderThanMaxAgeOrUnknownThenStepUpWithMaxAge() throws Exception {
        assertStepUp(
                get("/api/stepup/recent", token(List.of("pwd"), Instant.now().minusSeconds(301), List.of("USER"))),
                "300");
        assertStepUp(get("/api/stepup/recent", token(List.of("pwd"), null, List.of("USER"))), "300");
    }

    @Test
    void recentLoginRouteWhenLoginWithinMaxAgeThenPassed() throws Exception {
        HttpResponse<String> response =
                get("/api/stepup/recent", token(List.of("pwd"), Instant.now().minusSeconds(200), List.of("USER")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void adminRuleWhenRoleMissingThenForbiddenBeforeAnyStepUp() throws Exception {
        HttpResponse<String> response = get("/api/stepup/admin", token(List.of("pwd"), Instant.now(), List.of("USER")));

        assertProblem(response, 403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
    }

    @Test
    void adminRuleWhenAdminWithSecondFactorButOldLoginThenStepUpAndWhenFreshThenPassed() throws Exception {
        assertStepUp(
                get(
                        "/api/stepup/admin",
                        token(List.of("pwd", "otp"), Instant.now().minusSeconds(3600), List.of("ADMIN"))),
                "600");

        assertThat(get("/api/stepup/admin", token(List.of("pwd", "otp"), Instant.now(), List.of("ADMIN")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void amrWhenNotAListOfStringsThenInvalidToken() throws Exception {
        String token = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims().claim("amr", "pwd otp").build());

        HttpResponse<String> response = get("/api/stepup/second-factor", token);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("invalid_token");
    }
}
