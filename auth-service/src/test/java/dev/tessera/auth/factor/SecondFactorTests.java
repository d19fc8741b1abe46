package dev.tessera.auth.factor;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * TOTP and recovery codes end to end over HTTP: enrolment, the login's second step, and the security cases (a code
 * replayed within its window, a recovery code used twice, a challenge guessed at, expired or reused). Codes are
 * computed here from the secret the enrolment hands out, as an authenticator app would; the clock moves a step
 * forward whenever a test needs a code that has not been used yet.
 */
@TimeTravelTest
class SecondFactorTests {

    private static final String PASSWORD = "second factor password 1";

    private static final String PROBLEM = "urn:tessera:problem:";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("totp");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
    }

    @Test
    void enrolWhenConfirmedThenLoginNeedsSecondStepAndCodeIssuesTokens() throws Exception {
        TestHttp.Response begun = me("POST", "/auth/me/totp", null);
        assertThat(begun.status()).as(begun.toString()).isEqualTo(200);
        assertThat(begun.header("Cache-Control")).contains("no-store");
        String secret = begun.text("secret");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(begun.text("otpauth_uri"))
                .isEqualTo("otpauth://totp/Tessera:" + this.username + "?secret=" + secret
                        + "&issuer=Tessera&algorithm=SHA1&digits=6&period=30");
        assertThat(begun.text("qr_code_svg"))
                .startsWith("<svg ")
                .contains("<path ")
                .endsWith("</svg>");
        assertThat(status()).isEqualTo(Map.of("totp", "pending", "recovery_codes_left", 0));
        // Pending: the password alone still logs in.
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);

        byte[] key = Base32.decode(secret);
        TestHttp.Response confirmed = me("POST", "/auth/me/totp/confirm", Map.of("code", currentCode(key)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> recoveryCodes = strings(confirmed.json().get("recovery_codes"));
        assertThat(recoveryCodes).hasSize(10).allMatch(code -> code.matches("[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}"));
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 10));
        assertThat(auditCount("TOTP_ENABLED")).isEqualTo(1);

        TestHttp.Response first = this.flows.login(this.username, PASSWORD);
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.header("Content-Type")).startsWith("application/problem+json");
        assertThat(first.text("type")).isEqualTo(PROBLEM + "second-factor-required");
        assertThat(first.text("challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(strings(first.json().get("methods"))).containsExactly("totp", "recovery_code");
        assertThat(first.text("access_token")).isNull();

        TestHttp.Response second = secondFactor(first.text("challenge"), "code", nextCode(key));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.text("refresh_token")).isNotBlank();
        assertThat(second.text("device_token")).isNotBlank();
        JWTClaimsSet claims = SignedJWT.parse(second.text("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(this.userId);
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(claims.getLongClaim("auth_time"))
                .isBetween(
                        this.clock.instant().getEpochSecond() - 5,
                        this.clock.instant().getEpochSecond());
    }

    @Test
    void confirmWhenCodeWrongThen400AndStillPending() {
        me("POST", "/auth/me/totp", null);

        TestHttp.Response response = me("POST", "/auth/me/totp/confirm", Map.of("code", "000000"));

        // One in a million that 000000 is right: then this test is wrong, not the code.
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.text("detail")).isEqualTo("code: is not correct");
        assertThat(status()).isEqualTo(Map.of("totp", "pending", "recovery_codes_left", 0));
    }

    @Test
    void confirmWhenEnrolmentWaitedTenMinutesThen409EvenForTheRightCode() {
        TestHttp.Response begun = me("POST", "/auth/me/totp", null);
        byte[] key = Base32.decode(begun.text("secret"));
        this.clock.advance(SecondFactors.PENDING_LIFETIME.minusSeconds(1));
        assertThat(status()).isEqualTo(Map.of("totp", "pending", "recovery_codes_left", 0));
        this.clock.advance(Duration.ofSeconds(1));

        TestHttp.Response response = me("POST", "/auth/me/totp/confirm", Map.of("code", currentCode(key)));

        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "totp-not-pending");
        assertThat(status()).isEqualTo(Map.of("totp", "none", "recovery_codes_left", 0));
        assertThat(this.flows.loggedIn(this.username, PASSWORD).status()).isEqualTo(200);
        TestHttp.Response again = me("POST", "/auth/me/totp", null);
        assertThat(me("POST", "/auth/me/totp/confirm", Map.of("code", currentCode(Base32.decode(again.text("secret")))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void enrolWhenAlreadyEnabledThen409AndSecretUnchanged() {
        Enrolled enrolled = enrol();

        TestHttp.Response again = me("POST", "/auth/me/totp", null);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo(PROBLEM + "totp-already-enabled");
        assertThat(login(enrolled.key()).status()).isEqualTo(200);
    }

    @Test
    void secondFactorWhenCodeReplayedWithinItsWindowThenRefused() {
        Enrolled enrolled = enrol();
        // The code that confirmed the enrolment is used up: it cannot also complete a login. (That code itself, not
        // "the current code": a 30 s step may have begun since, and its code would rightly be accepted.)
        TestHttp.Response replayOfConfirm = secondFactor(challenge(), "code", enrolled.confirmationCode());
        assertThat(replayOfConfirm.status()).isEqualTo(401);
        assertThat(replayOfConfirm.text("type")).isEqualTo(PROBLEM + "second-factor-failed");

        String code = nextCode(enrolled.key());
        assertThat(secondFactor(challenge(), "code", code).status()).isEqualTo(200);
        TestHttp.Response replay = secondFactor(challenge(), "code", code);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.text("type")).isEqualTo(PROBLEM + "second-factor-failed");
        assertThat(replay.text("access_token")).isNull();
        assertThat(auditCount("LOGIN_SECOND_FACTOR_FAILED")).isEqualTo(2);
    }

    @Test
    void secondFactorWhenOneCodeSentTwiceAtOnceThenExactlyOneLoginSucceeds() throws Exception {
        Enrolled enrolled = enrol();
        String code = nextCode(enrolled.key());
        String first = challenge();
        String second = challenge();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TestHttp.Response> a = pool.submit(() -> {
                start.await();
                return secondFactor(first, "code", code);
            });
            Future<TestHttp.Response> b = pool.submit(() -> {
                start.await();
                return secondFactor(second, "code", code);
            });
            start.countDown();
            List<Integer> statuses = List.of(a.get().status(), b.get().status());

            // The credential row lock orders them: the second finds the step used.
            assertThat(statuses).containsExactlyInAnyOrder(200, 401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secondFactorWhenFiveWrongCodesThenChallengeVoidEvenForTheRightCode() {
        Enrolled enrolled = enrol();
        String challenge = challenge();
        String right = nextCode(enrolled.key());
        String wrong = right.equals("123456") ? "654321" : "123456";

        for (int i = 0; i < 5; i++) {
            TestHttp.Response response = secondFactor(challenge, "code", wrong);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.text("type")).isEqualTo(PROBLEM + "second-factor-failed");
        }
        TestHttp.Response sixth = secondFactor(challenge, "code", right);

        assertThat(sixth.status()).isEqualTo(401);
        assertThat(sixth.text("type")).isEqualTo(PROBLEM + "login-challenge-invalid");
    }

    @Test
    void secondFactorWhenWrongCodesPileUpAcrossChallengesThenThrottled() {
        Enrolled enrolled = enrol();
        String right = nextCode(enrolled.key());
        String wrong = right.equals("123456") ? "654321" : "123456";

        // A right password buys a new challenge, but not new guesses: the account's own counter keeps counting.
        for (int i = 0; i < 5; i++) {
            assertThat(secondFactor(challenge(), "code", wrong).status()).isEqualTo(401);
        }
        TestHttp.Response locked = secondFactor(challenge(), "code", right);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotNull();
    }

    @Test
    void secondFactorWhenChallengeExpiredThenRefused() {
        Enrolled enrolled = enrol();
        String challenge = challenge();

        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        TestHttp.Response late = secondFactor(challenge, "code", currentCode(enrolled.key()));

        assertThat(late.status()).isEqualTo(401);
        assertThat(late.text("type")).isEqualTo(PROBLEM + "login-challenge-invalid");
    }

    @Test
    void secondFactorWhenChallengeUsedOrUnknownThenRefused() {
        Enrolled enrolled = enrol();
        String challenge = challenge();
        assertThat(secondFactor(challenge, "code", nextCode(enrolled.key())).status())
                .isEqualTo(200);

        TestHttp.Response reused = secondFactor(challenge, "code", nextCode(enrolled.key()));
        TestHttp.Response unknown = secondFactor("A".repeat(43), "code", currentCode(enrolled.key()));

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.text("type")).isEqualTo(PROBLEM + "login-challenge-invalid");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text("type")).isEqualTo(PROBLEM + "login-challenge-invalid");
    }

    @Test
    void recoveryCodeWhenUsedThenWorksOnceAndIsCounted() throws Exception {
        Enrolled enrolled = enrol();
        String code = enrolled.recoveryCodes().get(3);

        // Typed the way people type: upper case, spaces for dashes.
        TestHttp.Response first =
                secondFactor(challenge(), "recovery_code", code.toUpperCase().replace("-", " "));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(first.text("access_token")).getJWTClaimsSet().getStringListClaim("amr"))
                .containsExactly("pwd", "otp");
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 9));

        TestHttp.Response second = secondFactor(challenge(), "recovery_code", code);

        assertThat(second.status()).isEqualTo(401);
        assertThat(second.text("type")).isEqualTo(PROBLEM + "second-factor-failed");
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 9));
    }

    @Test
    void recoveryCodesWhenRenewedThenOldSetVoidAndNewSetWorks() {
        Enrolled enrolled = enrol();

        TestHttp.Response renewed = me("POST", "/auth/me/recovery-codes", Map.of("code", nextCode(enrolled.key())));

        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        List<String> fresh = strings(renewed.json().get("recovery_codes"));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
        assertThat(secondFactor(
                                challenge(),
                                "recovery_code",
                                enrolled.recoveryCodes().get(0))
                        .status())
                .isEqualTo(401);
        assertThat(secondFactor(challenge(), "recovery_code", fresh.get(0)).status())
                .isEqualTo(200);
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 9));
    }

    @Test
    void recoveryCodesWhenCodeWrongThen400AndOldSetKept() {
        Enrolled enrolled = enrol();
        String right = nextCode(enrolled.key());

        TestHttp.Response refused =
                me("POST", "/auth/me/recovery-codes", Map.of("code", right.equals("123456") ? "654321" : "123456"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(secondFactor(
                                challenge(),
                                "recovery_code",
                                enrolled.recoveryCodes().get(0))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void disableWhenPasswordWrongThen400AndTotpStays() {
        Enrolled enrolled = enrol();

        TestHttp.Response refused = me("DELETE", "/auth/me/totp", Map.of("password", "not the password at all"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).isEqualTo("password: is not correct");
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 10));
        assertThat(login(enrolled.key()).status()).isEqualTo(200);
    }

    @Test
    void disableWhenPasswordRightThenCodesGoneAndPasswordAloneLogsIn() throws Exception {
        enrol();

        TestHttp.Response disabled = me("DELETE", "/auth/me/totp", Map.of("password", PASSWORD));

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);
        assertThat(status()).isEqualTo(Map.of("totp", "none", "recovery_codes_left", 0));
        assertThat(auditCount("TOTP_DISABLED")).isEqualTo(1);
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        assertThat(SignedJWT.parse(login.text("access_token")).getJWTClaimsSet().getStringListClaim("amr"))
                .containsExactly("pwd");
    }

    @Test
    void passwordChangeWhenTotpEnabledThenTotpKeptAndNewPasswordNeedsSecondStep() throws Exception {
        Enrolled enrolled = enrol();
        TestHttp.Response session = login(enrolled.key());
        String sid =
                SignedJWT.parse(session.text("access_token")).getJWTClaimsSet().getStringClaim("sid");
        String newPassword = "second factor password 2";

        TestHttp.Response changed = this.http.postJson(
                "/auth/password",
                TestHttp.json(Map.of("current_password", PASSWORD, "new_password", newPassword)),
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), sid, "POST", "/auth/password"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 10));
        TestHttp.Response first = this.flows.login(this.username, newPassword);
        assertThat(first.text("type")).isEqualTo(PROBLEM + "second-factor-required");
        assertThat(secondFactor(first.text("challenge"), "code", nextCode(enrolled.key()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void passwordChangeWhenSecondFactorThenEightCharactersSufficeButTheLastFactorCannotGoUntilLonger()
            throws Exception {
        String shortPassword = "Kq7#vZp2xW";
        TestHttp.Response alone = changePassword(PASSWORD, shortPassword, null);
        assertThat(alone.status()).as(alone.toString()).isEqualTo(400);
        assertThat(alone.text("detail")).isEqualTo("new_password: must be at least 15 characters");

        Enrolled enrolled = enrol();
        TestHttp.Response session = login(enrolled.key());
        String sid =
                SignedJWT.parse(session.text("access_token")).getJWTClaimsSet().getStringClaim("sid");
        assertThat(changePassword(PASSWORD, "Kq7#vZp", sid).text("detail"))
                .isEqualTo("new_password: must be at least 8 characters");
        TestHttp.Response changed = changePassword(PASSWORD, shortPassword, sid);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        TestHttp.Response refused = me("DELETE", "/auth/me/totp", Map.of("password", shortPassword));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo(PROBLEM + "password-too-short-alone");
        assertThat(refused.text("detail")).contains("15 characters").doesNotContain(shortPassword);
        assertThat(status()).isEqualTo(Map.of("totp", "enabled", "recovery_codes_left", 10));
        assertThat(auditCount("TOTP_DISABLED")).isZero();

        String newSid = SignedJWT.parse(login(enrolled.key(), shortPassword).text("access_token"))
                .getJWTClaimsSet()
                .getStringClaim("sid");
        assertThat(changePassword(shortPassword, PASSWORD, newSid).status()).isEqualTo(204);
        assertThat(me("DELETE", "/auth/me/totp", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
    }

    @Test
    void refreshWhenSessionStartedWithSecondFactorThenAmrAndAuthTimeKept() throws Exception {
        Enrolled enrolled = enrol();
        TestHttp.Response login = login(enrolled.key());
        JWTClaimsSet first = SignedJWT.parse(login.text("access_token")).getJWTClaimsSet();

        this.clock.advance(Duration.ofMinutes(2));
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JWTClaimsSet next = SignedJWT.parse(refreshed.text("access_token")).getJWTClaimsSet();
        assertThat(next.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(next.getLongClaim("auth_time")).isEqualTo(first.getLongClaim("auth_time"));
        assertThat(next.getIssueTime()).isAfter(first.getIssueTime());
    }

    @Test
    void introspectWhenOpaqueSessionStartedWithSecondFactorThenAmrAndAuthTimeAnsweredAndKept() {
        Enrolled enrolled = enrol();
        TestHttp.Response first = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"));
        assertThat(first.text("type")).isEqualTo(PROBLEM + "second-factor-required");
        TestHttp.Response login = secondFactor(first.text("challenge"), "code", nextCode(enrolled.key()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.text("access_token")).doesNotContain(".");

        JsonNode session = this.flows.introspected(login.text("access_token"));
        assertThat(session.get("active").asBoolean()).isTrue();
        assertThat(strings(session.get("amr"))).containsExactly("pwd", "otp");
        long authTime = session.get("auth_time").asLong();
        assertThat(authTime)
                .isBetween(
                        this.clock.instant().getEpochSecond() - 5,
                        this.clock.instant().getEpochSecond());

        this.clock.advance(Duration.ofMinutes(1));
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));
        JsonNode next = this.flows.introspected(refreshed.text("access_token"));
        assertThat(strings(next.get("amr"))).containsExactly("pwd", "otp");
        assertThat(next.get("auth_time").asLong()).isEqualTo(authTime);
    }

    @Test
    void introspectWhenOpaqueSessionWithPasswordOnlyThenAmrPwd() {
        TestHttp.Response login = this.flows.loggedInOpaque(this.username, PASSWORD);

        JsonNode session = this.flows.introspected(login.text("access_token"));

        assertThat(strings(session.get("amr"))).containsExactly("pwd");
        assertThat(session.get("auth_time").asLong()).isPositive();
    }

    @Test
    void secondFactorsWhenCallerHasNoneThenNoneAndZero() {
        assertThat(status()).isEqualTo(Map.of("totp", "none", "recovery_codes_left", 0));
    }

    @Test
    void secondFactorWhenBothOrNeitherCodeThen400() {
        Enrolled enrolled = enrol();
        String challenge = challenge();
        Map<String, String> both = new HashMap<>(Map.of("challenge", challenge, "code", nextCode(enrolled.key())));
        both.put("recovery_code", enrolled.recoveryCodes().get(0));

        TestHttp.Response response = this.http.postJson(
                "/auth/login/second-factor",
                TestHttp.json(both),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login/second-factor"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "invalid-request");
    }

    /** Enrols and confirms TOTP for the test's account. */
    private Enrolled enrol() {
        TestHttp.Response begun = me("POST", "/auth/me/totp", null);
        assertThat(begun.status()).as(begun.toString()).isEqualTo(200);
        byte[] key = Base32.decode(begun.text("secret"));
        String code = currentCode(key);
        TestHttp.Response confirmed = me("POST", "/auth/me/totp/confirm", Map.of("code", code));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        return new Enrolled(key, strings(confirmed.json().get("recovery_codes")), code);
    }

    /** A complete login with both steps; must succeed. */
    private TestHttp.Response login(byte[] key) {
        return login(key, PASSWORD);
    }

    private TestHttp.Response login(byte[] key, String password) {
        TestHttp.Response response = secondFactor(challenge(password), "code", nextCode(key));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    /** The password step; must answer a challenge. */
    private String challenge() {
        return challenge(PASSWORD);
    }

    private String challenge(String password) {
        TestHttp.Response response = this.flows.login(this.username, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "second-factor-required");
        return response.text("challenge");
    }

    /** A password change on a session ({@code sid}) or, without one, on a bare caller. */
    private TestHttp.Response changePassword(String current, String next, String sid) {
        return this.http.postJson(
                "/auth/password",
                TestHttp.json(Map.of("current_password", current, "new_password", next)),
                TestPassports.HEADER,
                (sid != null)
                        ? TestPassports.forSession(
                                this.userId, this.username, Set.of("USER"), sid, "POST", "/auth/password")
                        : TestPassports.forCaller(
                                this.userId, this.username, Set.of("USER"), "POST", "/auth/password"));
    }

    private TestHttp.Response secondFactor(String challenge, String field, String value) {
        return this.http.postJson(
                "/auth/login/second-factor",
                TestHttp.json(Map.of("challenge", challenge, field, value)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login/second-factor"));
    }

    private String currentCode(byte[] key) {
        return TotpCodes.codeAt(key, TotpCodes.stepAt(this.clock.instant()));
    }

    /** A code for a step no code was accepted for yet: the clock moves one step on first. */
    private String nextCode(byte[] key) {
        this.clock.advance(TotpCodes.STEP);
        return currentCode(key);
    }

    private Map<String, Object> status() {
        TestHttp.Response response = me("GET", "/auth/me/second-factors", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Map.of(
                "totp",
                response.text("totp"),
                "recovery_codes_left",
                response.json().get("recovery_codes_left").asInt());
    }

    private long auditCount(String type) {
        return this.jdbc
                .sql("SELECT count(*) FROM audit_event WHERE type = ? AND account_id = ?")
                .param(type)
                .param(UUID.fromString(this.userId))
                .query(Long.class)
                .single();
    }

    private TestHttp.Response me(String method, String path, Map<String, ?> body) {
        return this.http.request(
                method,
                path,
                (body != null) ? TestHttp.json(body) : null,
                TestPassports.HEADER,
                TestPassports.forCaller(this.userId, this.username, Set.of("USER"), method, path));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    /** An enabled authenticator: its key, the first recovery codes and the code that confirmed it (used up). */
    private record Enrolled(byte[] key, List<String> recoveryCodes, String confirmationCode) {}
}
