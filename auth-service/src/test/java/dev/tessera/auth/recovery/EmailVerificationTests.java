package dev.tessera.auth.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestMail;
import dev.tessera.auth.TimeTravelTest;
import dev.tessera.auth.recovery.RecoveryFlows.Account;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An account's e-mail address and its single-use verification link (issue 17). */
@TimeTravelTest
class EmailVerificationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    RecoveryFlows recovery;

    @BeforeEach
    void setUp() {
        this.recovery = new RecoveryFlows(new TestHttp(this.port), this.jdbc);
    }

    @Test
    void verifyWhenLinkUsedOnceThenAddressVerifiedAndReuseRefused() {
        Account account = this.recovery.account("verify");
        String address = TestMail.uniqueAddress("verify");

        TestHttp.Response set = this.recovery.setEmail(account, address);

        assertThat(set.status()).as(set.toString()).isEqualTo(202);
        assertThat(this.recovery.email(account).json().get("verified").asBoolean())
                .isFalse();
        MimeMessage message = TestMail.await(address, 1).get(0);
        assertThat(TestMail.subject(message)).isEqualTo("Confirm your e-mail address for Tessera");
        assertThat(TestMail.text(message))
                .contains("Hello " + account.username())
                .contains("within 24 hours")
                .contains("http://localhost:8080/#/verify-email?token=");
        String token = TestMail.token(message);
        assertThat(this.recovery.verify(token).status()).isEqualTo(204);
        TestHttp.Response email = this.recovery.email(account);
        assertThat(email.text("email")).isEqualTo(address);
        assertThat(email.json().get("verified").asBoolean()).isTrue();

        TestHttp.Response reused = this.recovery.verify(token);

        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reused.text("type")).isEqualTo("urn:tessera:problem:invalid-link");
        // Only the token's hash is stored.
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM recovery_token WHERE token_hash = ?")
                        .param(RecoveryTokens.hash(token))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM recovery_token WHERE encode(token_hash, 'escape') LIKE ?")
                        .param("%" + token + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void verifyWhenLinkExpiredThen410AndAddressStaysUnverified() {
        Account account = this.recovery.account("expired");
        String address = TestMail.uniqueAddress("expired");
        assertThat(this.recovery.setEmail(account, address).status()).isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 1).get(0));

        this.clock.advance(Duration.ofHours(24).plusSeconds(1));
        TestHttp.Response expired = this.recovery.verify(token);

        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.text("type")).isEqualTo("urn:tessera:problem:expired-link");
        assertThat(this.recovery.email(account).json().get("verified").asBoolean())
                .isFalse();
    }

    @Test
    void verifyWhenTokenUnknownOrMalformedThen400WithOneBody() {
        TestHttp.Response unknown = this.recovery.verify(RecoveryTokens.generate());
        TestHttp.Response malformed = this.recovery.verify("not-a-token");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("type")).isEqualTo("urn:tessera:problem:invalid-link");
        assertThat(malformed.text("detail")).isEqualTo(unknown.text("detail"));
    }

    @Test
    void changeEmailWhenVerifiedAddressChangedThenNewOneUnverifiedOldOneToldAndOldLinkDead() {
        String old = TestMail.uniqueAddress("old");
        Account account = this.recovery.verified("change", old);
        String pending = TestMail.uniqueAddress("pending");
        assertThat(this.recovery.setEmail(account, pending).status()).isEqualTo(202);
        String pendingToken = TestMail.token(TestMail.await(pending, 1).get(0));
        String address = TestMail.uniqueAddress("new");

        assertThat(this.recovery.setEmail(account, address).status()).isEqualTo(202);

        TestHttp.Response email = this.recovery.email(account);
        assertThat(email.text("email")).isEqualTo(address);
        assertThat(email.json().get("verified").asBoolean()).isFalse();
        // The old verified address is told once (verification link, then the change notice); pending was never
        // verified, so it gets nothing more.
        List<MimeMessage> toOld = TestMail.await(old, 2);
        assertThat(TestMail.subject(toOld.get(1))).isEqualTo("The e-mail address of your Tessera account was changed");
        assertThat(TestMail.text(toOld.get(1))).doesNotContain(address).doesNotContain("token=");
        assertThat(this.recovery.verify(pendingToken).status()).isEqualTo(400);
        assertThat(this.recovery
                        .verify(TestMail.token(TestMail.await(address, 1).get(0)))
                        .status())
                .isEqualTo(204);
        assertThat(TestMail.to(pending)).hasSize(1);
    }

    @Test
    void changeEmailWhenSameVerifiedAddressThen204AndNoMessage() {
        String address = TestMail.uniqueAddress("same");
        Account account = this.recovery.verified("same", address);

        TestHttp.Response again = this.recovery.setEmail(account, address);

        assertThat(again.status()).isEqualTo(204);
        assertThat(TestMail.to(address)).hasSize(1);
    }

    @Test
    void verifyWhenAnotherAccountVerifiedTheAddressFirstThen409AndCaseIgnored() {
        String address = TestMail.uniqueAddress("shared");
        this.recovery.verified("first", address);
        Account second = this.recovery.account("second");
        // An unverified address proves nothing: a second account may claim it, in any case.
        assertThat(this.recovery.setEmail(second, address.toUpperCase()).status())
                .isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 2).get(1));

        TestHttp.Response taken = this.recovery.verify(token);

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.text("type")).isEqualTo("urn:tessera:problem:email-taken");
        assertThat(this.recovery.email(second).json().get("verified").asBoolean())
                .isFalse();
    }

    @Test
    void changeEmailWhenAcceptLanguageChineseThenMessageInChinese() {
        Account account = this.recovery.account("zh");
        String address = TestMail.uniqueAddress("zh");

        assertThat(this.recovery
                        .setEmail(account, address, "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
                        .status())
                .isEqualTo(202);

        MimeMessage message = TestMail.await(address, 1).get(0);
        assertThat(TestMail.subject(message)).isEqualTo("确认你在 Tessera 的电子邮件地址");
        assertThat(TestMail.text(message)).contains("24 小时内").contains("/#/verify-email?token=");
    }

    @Test
    void changeEmailWhenNotAnAddressThen400WithReasonAndNothingSent() {
        Account account = this.recovery.account("bad");

        for (String bad : List.of(
                "", "no-at-sign", "two@@example.com", "a@b", "Name <a@b.example>", "a@b.example\r\nBcc: x@y.example")) {
            TestHttp.Response response = this.recovery.setEmail(account, bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.text("detail")).isEqualTo("email: must be an e-mail address such as name@example.com");
        }
        assertThat(this.recovery.email(account).text("email")).isNull();
    }

    @Test
    void changeEmailWhenNoPassportThen401() {
        TestHttp.Response response = new TestHttp(this.port)
                .request("PUT", "/auth/me/email", TestHttp.json(java.util.Map.of("email", "x@y.example")));

        assertThat(response.status()).isEqualTo(401);
    }
}
