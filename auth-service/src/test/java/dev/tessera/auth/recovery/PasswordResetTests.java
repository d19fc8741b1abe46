package dev.tessera.auth.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestMail;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TestTotp;
import dev.tessera.auth.TimeTravelTest;
import dev.tessera.auth.recovery.RecoveryFlows.Account;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Forgot password" and its single-use reset link (issue 17). */
@TimeTravelTest
class PasswordResetTests {

    private static final String NEW_PASSWORD = "a completely new password 9";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    TestHttp http;

    RecoveryFlows recovery;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.recovery = new RecoveryFlows(this.http, this.jdbc);
    }

    @Test
    void resetWhenLinkUsedThenNewPasswordWorksAndEveryRefreshFamilyAndOpaqueSessionRevoked() {
        String address = TestMail.uniqueAddress("reset");
        Account account = this.recovery.verified("reset", address);
        TestHttp.Response jwtSession = this.recovery.flows.loggedIn(account.username(), RecoveryFlows.PASSWORD);
        TestHttp.Response opaqueSession =
                this.recovery.flows.loggedInOpaque(account.username(), RecoveryFlows.PASSWORD);
        assertThat(this.recovery
                        .flows
                        .introspected(opaqueSession.text("access_token"))
                        .get("active")
                        .asBoolean())
                .isTrue();

        assertThat(this.recovery.forgot(address, Flows.uniqueAddress()).status())
                .isEqualTo(202);
        MimeMessage message = TestMail.await(address, 2).get(1);
        assertThat(TestMail.subject(message)).isEqualTo("Reset your Tessera password");
        assertThat(TestMail.text(message))
                .contains("within 30 minutes")
                .contains("http://localhost:8080/#/reset-password?token=");
        TestHttp.Response reset = this.recovery.reset(TestMail.token(message), NEW_PASSWORD);

        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
        assertThat(this.recovery.flows.refresh(jwtSession.text("refresh_token")).status())
                .isEqualTo(401);
        assertThat(this.recovery
                        .flows
                        .refresh(opaqueSession.text("refresh_token"))
                        .status())
                .isEqualTo(401);
        assertThat(this.recovery
                        .flows
                        .introspected(opaqueSession.text("access_token"))
                        .get("active")
                        .asBoolean())
                .isFalse();
        // The gateways learn it from the revocation feed: every access token issued so far is refused.
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM revocation WHERE kind = 'user' AND subject = ? AND reason = ?")
                        .params(UUID.fromString(account.id()), "PASSWORD_RESET")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(this.recovery
                        .flows
                        .login(account.username(), RecoveryFlows.PASSWORD)
                        .status())
                .isEqualTo(401);
        assertThat(this.recovery.flows.login(account.username(), NEW_PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void resetWhenLinkReusedThen400AndPasswordUnchanged() {
        String address = TestMail.uniqueAddress("reuse");
        Account account = this.recovery.verified("reuse", address);
        assertThat(this.recovery.forgot(address, Flows.uniqueAddress()).status())
                .isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));
        assertThat(this.recovery.reset(token, NEW_PASSWORD).status()).isEqualTo(204);
        TestHttp.Response session = this.recovery.flows.loggedIn(account.username(), NEW_PASSWORD);

        TestHttp.Response reused = this.recovery.reset(token, "yet another password 77");

        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reused.text("type")).isEqualTo("urn:tessera:problem:invalid-link");
        assertThat(this.recovery.flows.login(account.username(), NEW_PASSWORD).status())
                .isEqualTo(200);
        assertThat(this.recovery.flows.refresh(session.text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void resetWhenLinkExpiredThen410AndNothingChanged() {
        String address = TestMail.uniqueAddress("late");
        Account account = this.recovery.verified("late", address);
        TestHttp.Response session = this.recovery.flows.loggedIn(account.username(), RecoveryFlows.PASSWORD);
        assertThat(this.recovery.forgot(address, Flows.uniqueAddress()).status())
                .isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));

        this.clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        TestHttp.Response expired = this.recovery.reset(token, NEW_PASSWORD);

        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text("type")).isEqualTo("urn:tessera:problem:expired-link");
        assertThat(this.recovery
                        .flows
                        .login(account.username(), RecoveryFlows.PASSWORD)
                        .status())
                .isEqualTo(200);
        assertThat(this.recovery.flows.refresh(session.text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void resetWhenNewPasswordBreaksPolicyThen400WithReasonAndLinkStillWorks() {
        String address = TestMail.uniqueAddress("policy");
        Account account = this.recovery.verified("policy", address);
        assertThat(this.recovery.forgot(address, Flows.uniqueAddress()).status())
                .isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));

        TestHttp.Response weak = this.recovery.reset(token, "short");

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.text("detail")).isEqualTo("new_password: must be at least 15 characters");
        assertThat(this.recovery.reset(token, NEW_PASSWORD).status()).isEqualTo(204);
        assertThat(this.recovery.flows.login(account.username(), NEW_PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void resetWhenVerificationLinkPresentedThen400() {
        Account account = this.recovery.account("purpose");
        String address = TestMail.uniqueAddress("purpose");
        assertThat(this.recovery.setEmail(account, address).status()).isEqualTo(202);
        String verification = TestMail.token(TestMail.await(address, 1).get(0));

        assertThat(this.recovery.reset(verification, NEW_PASSWORD).status()).isEqualTo(400);
        assertThat(this.recovery
                        .flows
                        .login(account.username(), RecoveryFlows.PASSWORD)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void forgotWhenAddressUnknownUnverifiedOrKnownThenSameAnswerAndOnlyTheVerifiedOneGetsMail() {
        String known = TestMail.uniqueAddress("known");
        this.recovery.verified("known", known);
        String unverified = TestMail.uniqueAddress("unverified");
        assertThat(this.recovery
                        .setEmail(this.recovery.account("unverified"), unverified)
                        .status())
                .isEqualTo(202);
        TestMail.await(unverified, 1);
        String unknown = TestMail.uniqueAddress("unknown");
        String client = Flows.uniqueAddress();

        TestHttp.Response toUnverified = this.recovery.forgot(unverified, client);
        TestHttp.Response toUnknown = this.recovery.forgot(unknown, client);
        TestHttp.Response toKnown = this.recovery.forgot(known, client);

        assertThat(toKnown.status()).isEqualTo(202);
        for (TestHttp.Response other : new TestHttp.Response[] {toUnverified, toUnknown}) {
            assertThat(other.status()).isEqualTo(toKnown.status());
            assertThat(other.bytes()).isEqualTo(toKnown.bytes());
            assertThat(other.header("Content-Type")).isEqualTo(toKnown.header("Content-Type"));
            assertThat(other.header("Cache-Control")).isEqualTo(toKnown.header("Cache-Control"));
        }
        // The mail thread works in order: once the known address's link is here, a wrongly sent one would be too.
        TestMail.await(known, 2);
        assertThat(TestMail.to(unverified)).hasSize(1);
        assertThat(TestMail.to(unknown)).isEmpty();
    }

    @Test
    void forgotWhenOneAddressAskedTooOftenThen429WhetherKnownOrNot() {
        String known = TestMail.uniqueAddress("flood");
        this.recovery.verified("flood", known);
        String unknown = TestMail.uniqueAddress("nobody");
        for (int i = 0; i < 2; i++) {
            // The address bucket holds 3: the verification took one.
            assertThat(this.recovery.forgot(known, Flows.uniqueAddress()).status())
                    .isEqualTo(202);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(this.recovery.forgot(unknown, Flows.uniqueAddress()).status())
                    .isEqualTo(202);
        }

        TestHttp.Response knownRefused = this.recovery.forgot(known, Flows.uniqueAddress());
        TestHttp.Response unknownRefused = this.recovery.forgot(unknown.toUpperCase(), Flows.uniqueAddress());

        assertThat(knownRefused.status()).isEqualTo(429);
        assertThat(knownRefused.text("type")).isEqualTo("urn:tessera:problem:too-many-mails");
        assertThat(knownRefused.header("Retry-After")).isNotNull();
        assertThat(unknownRefused.status()).isEqualTo(429);
        assertThat(unknownRefused.body()).isEqualTo(knownRefused.body());
        assertThat(TestMail.await(known, 3)).hasSize(3);
    }

    @Test
    void forgotWhenAccountHadTooManyMessagesThen202ButNoMoreMail() {
        String address = TestMail.uniqueAddress("busy");
        Account account = this.recovery.verified("busy", address);
        String adminId = idOf("admin");
        String path = "/auth/admin/users/" + account.id() + "/password-reset";
        for (int i = 0; i < 4; i++) {
            // The account bucket holds 5: the verification took one.
            assertThat(adminReset(adminId, path).status()).isEqualTo(202);
        }
        TestMail.await(address, 5);

        assertThat(adminReset(adminId, path).status()).isEqualTo(429);
        assertThat(this.recovery.forgot(address, Flows.uniqueAddress()).status())
                .isEqualTo(202);

        // The mail thread works in order: once a later message is out, the reset's turn has passed.
        String later = TestMail.uniqueAddress("later");
        assertThat(this.recovery.setEmail(this.recovery.account("later"), later).status())
                .isEqualTo(202);
        TestMail.await(later, 1);
        assertThat(TestMail.to(address)).hasSize(5);
    }

    @Test
    void adminResetWhenSentThenAuditedWithTheAdministratorAndLinkWorks() {
        String address = TestMail.uniqueAddress("admin");
        Account account = this.recovery.verified("byadmin", address);
        String adminId = idOf("admin");
        String path = "/auth/admin/users/" + account.id() + "/password-reset";

        TestHttp.Response sent = adminReset(adminId, path);

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));
        assertThat(this.recovery.reset(token, NEW_PASSWORD).status()).isEqualTo(204);
        Map<String, Object> requested = this.jdbc
                .sql(
                        "SELECT actor_id, detail FROM audit_event WHERE type = 'PASSWORD_RESET_REQUESTED' AND account_id = ?")
                .param(UUID.fromString(account.id()))
                .query()
                .singleRow();
        assertThat(requested).containsEntry("actor_id", UUID.fromString(adminId));
        assertThat(requested).containsEntry("detail", "by administrator");
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM audit_event WHERE type = 'PASSWORD_RESET' AND account_id = ?")
                        .param(UUID.fromString(account.id()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void adminResetWhenAccountHasTotpThenTotpKeptAndNewPasswordStillNeedsSecondStep() {
        String address = TestMail.uniqueAddress("totpreset");
        Account account = this.recovery.verified("totpreset", address);
        String enrol = "/auth/me/totp";
        TestHttp.Response begun = this.http.request(
                "POST",
                enrol,
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(account.id(), account.username(), Set.of("USER"), "POST", enrol));
        byte[] key = TestTotp.decode(begun.text("secret"));
        String confirm = "/auth/me/totp/confirm";
        TestHttp.Response confirmed = this.http.request(
                "POST",
                confirm,
                TestHttp.json(Map.of("code", TestTotp.code(key, this.clock.instant()))),
                TestPassports.HEADER,
                TestPassports.forCaller(account.id(), account.username(), Set.of("USER"), "POST", confirm));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);

        assertThat(adminReset(idOf("admin"), "/auth/admin/users/" + account.id() + "/password-reset")
                        .status())
                .isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));
        assertThat(this.recovery.reset(token, NEW_PASSWORD).status()).isEqualTo(204);

        // A reset proves the mailbox, not the phone: the second factor stays.
        TestHttp.Response login = this.recovery.flows.login(account.username(), NEW_PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(401);
        assertThat(login.text("type")).isEqualTo("urn:tessera:problem:second-factor-required");
        this.clock.advance(Duration.ofSeconds(30));
        TestHttp.Response second = this.http.postJson(
                "/auth/login/second-factor",
                TestHttp.json(
                        Map.of("challenge", login.text("challenge"), "code", TestTotp.code(key, this.clock.instant()))),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login/second-factor"));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
    }

    @Test
    void adminResetWhenNoVerifiedAddressThen409AndWhenUnknownThen404AndWhenNotAdminThen403() {
        Account account = this.recovery.account("noaddress");
        String adminId = idOf("admin");
        String path = "/auth/admin/users/" + account.id() + "/password-reset";

        TestHttp.Response none = adminReset(adminId, path);
        String unknownPath = "/auth/admin/users/" + UUID.randomUUID() + "/password-reset";
        TestHttp.Response unknown = adminReset(adminId, unknownPath);
        TestHttp.Response notAdmin = this.http.request(
                "POST",
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(account.id(), account.username(), Set.of("USER"), "POST", path));

        assertThat(none.status()).isEqualTo(409);
        assertThat(none.text("type")).isEqualTo("urn:tessera:problem:no-reset-address");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notAdmin.status()).isEqualTo(403);
    }

    private TestHttp.Response adminReset(String adminId, String path) {
        return this.http.request(
                "POST",
                path,
                null,
                TestPassports.HEADER,
                TestPassports.forCaller(adminId, "admin", Set.of("ADMIN", "USER"), "POST", path));
    }

    private String idOf(String username) {
        return Flows.idOf(this.jdbc, username);
    }
}
