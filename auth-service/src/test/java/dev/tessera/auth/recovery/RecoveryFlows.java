package dev.tessera.auth.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestMail;
import dev.tessera.auth.TestPassports;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** E-mail and recovery calls shared by the recovery tests, as the gateway forwards them. */
final class RecoveryFlows {

    static final String PASSWORD = "recovery tests password 1";

    private final TestHttp http;

    private final JdbcClient jdbc;

    final Flows flows;

    RecoveryFlows(TestHttp http, JdbcClient jdbc) {
        this.http = http;
        this.jdbc = jdbc;
        this.flows = new Flows(http);
    }

    /** A registered account (username, id). */
    Account account(String prefix) {
        String username = Flows.uniqueName(prefix);
        this.flows.registered(username, PASSWORD);
        String id = Flows.idOf(this.jdbc, username);
        return new Account(username, id);
    }

    /** An account whose address is set and verified through its link (one message in its mailbox). */
    Account verified(String prefix, String address) {
        Account account = account(prefix);
        assertThat(setEmail(account, address).status()).isEqualTo(202);
        String token = TestMail.token(TestMail.await(address, 1).get(0));
        TestHttp.Response verified = verify(token);
        assertThat(verified.status()).as(verified.toString()).isEqualTo(204);
        return account;
    }

    TestHttp.Response setEmail(Account account, String address, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = TestPassports.HEADER;
        all[1] = TestPassports.forCaller(account.id(), account.username(), Set.of("USER"), "PUT", "/auth/me/email");
        System.arraycopy(headers, 0, all, 2, headers.length);
        return this.http.request("PUT", "/auth/me/email", TestHttp.json(Map.of("email", address)), all);
    }

    TestHttp.Response email(Account account) {
        return this.http.get(
                "/auth/me/email",
                TestPassports.HEADER,
                TestPassports.forCaller(account.id(), account.username(), Set.of("USER"), "GET", "/auth/me/email"));
    }

    TestHttp.Response verify(String token) {
        return this.http.postJson("/auth/email/verify", TestHttp.json(Map.of("token", token)));
    }

    /** "Forgot password" from a given client address; one request id, so answers compare byte for byte. */
    TestHttp.Response forgot(String address, String clientAddress, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = TestPassports.HEADER;
        all[1] = TestPassports.anonymousFrom(clientAddress, "POST", "/auth/password/forgot");
        all[2] = "X-Request-Id";
        all[3] = "recovery-forgot";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return this.http.postJson("/auth/password/forgot", TestHttp.json(Map.of("email", address)), all);
    }

    TestHttp.Response reset(String token, String newPassword) {
        return this.http.postJson(
                "/auth/password/reset", TestHttp.json(Map.of("token", token, "new_password", newPassword)));
    }

    record Account(String username, String id) {}
}
