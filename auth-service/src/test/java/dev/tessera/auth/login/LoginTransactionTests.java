package dev.tessera.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.account.Username;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a successful login writes is one transaction: all of it or none of it. */
@AuthServiceTest
class LoginTransactionTests {

    private static final String PASSWORD = "one transaction password";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void loginWhenTokensCannotBeStoredThenNoSuccessAuditedAndAttemptStaysCharged() throws Exception {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("atomic");
        flows.registered(username, PASSWORD);
        UUID id = this.jdbc
                .sql("SELECT id FROM account WHERE username = ?")
                .param(username)
                .query(UUID.class)
                .single();
        // PostgreSQL refuses this account's refresh family: the last write of the login fails.
        this.jdbc
                .sql("CREATE FUNCTION refuse_family_" + suffix(id) + "() RETURNS trigger AS $$ BEGIN"
                        + " IF NEW.account_id = '" + id + "' THEN RAISE EXCEPTION 'refused by test'; END IF;"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql")
                .update();
        this.jdbc
                .sql("CREATE TRIGGER refuse_family_" + suffix(id) + " BEFORE INSERT ON refresh_family"
                        + " FOR EACH ROW EXECUTE FUNCTION refuse_family_" + suffix(id) + "()")
                .update();
        try {
            assertThat(flows.login(username, PASSWORD, Flows.uniqueAddress()).status())
                    .isGreaterThanOrEqualTo(500);
        } finally {
            this.jdbc
                    .sql("DROP TRIGGER refuse_family_" + suffix(id) + " ON refresh_family")
                    .update();
            this.jdbc.sql("DROP FUNCTION refuse_family_" + suffix(id) + "()").update();
        }

        long succeeded = this.jdbc
                .sql("SELECT count(*) FROM audit_event WHERE type = 'LOGIN_SUCCEEDED' AND account_id = ?")
                .param(id)
                .query(Long.class)
                .single();
        assertThat(succeeded).isZero();
        Integer failures = this.jdbc
                .sql("SELECT failures FROM login_throttle WHERE throttle_key = ?")
                .param(accountThrottleKey(username))
                .query(Integer.class)
                .optional()
                .orElse(null);
        assertThat(failures).isEqualTo(1);
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_family WHERE account_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static String suffix(UUID id) {
        return id.toString().replace("-", "");
    }

    /** As LoginThrottle keys its per-username counter: SHA-256 of "account", a zero byte, the name. */
    private static byte[] accountThrottleKey(String username) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update("account".getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        return digest.digest(Username.throttleKey(username).getBytes(StandardCharsets.UTF_8));
    }
}
