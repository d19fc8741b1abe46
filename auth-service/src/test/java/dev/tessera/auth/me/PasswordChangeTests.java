package dev.tessera.auth.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@AuthServiceTest
class PasswordChangeTests {

    private static final String PASSWORD = "original password 1";

    private static final String NEW_PASSWORD = "brand new password 2";

    @LocalServerPort
    int port;

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
        this.username = Flows.uniqueName("pwchange");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
    }

    @Test
    void changePasswordWhenCurrentIsRightThenOtherSessionsRevokedAndOwnKept() throws Exception {
        TestHttp.Response here = this.flows.loggedIn(this.username, PASSWORD);
        TestHttp.Response elsewhere = this.flows.loggedIn(this.username, PASSWORD);
        String sid =
                SignedJWT.parse(here.text("access_token")).getJWTClaimsSet().getStringClaim("sid");

        TestHttp.Response response = change(sid, PASSWORD, NEW_PASSWORD);

        assertThat(response.status()).as(response.toString()).isEqualTo(204);
        assertThat(this.flows.refresh(elsewhere.text("refresh_token")).status()).isEqualTo(401);
        assertThat(this.flows.refresh(here.text("refresh_token")).status()).isEqualTo(200);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(401);
        assertThat(this.flows.login(this.username, NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void changePasswordWhenCurrentIsWrongThen400AndNothingChanges() {
        String session = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");

        TestHttp.Response response = change(UUID.randomUUID().toString(), "not my password", NEW_PASSWORD);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).isEqualTo("current_password: is not correct");
        assertThat(this.flows.refresh(session).status()).isEqualTo(200);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void changePasswordWhenNewBreaksPolicyThen400WithReason() {
        TestHttp.Response response = change(UUID.randomUUID().toString(), PASSWORD, "short");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("detail")).isEqualTo("new_password: must be at least 15 characters");
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void changePasswordWhenGuessedRepeatedlyThenThrottled() {
        for (int i = 0; i < 5; i++) {
            assertThat(change(UUID.randomUUID().toString(), "guess " + i + " password", NEW_PASSWORD)
                            .status())
                    .isEqualTo(400);
        }
        assertThat(change(UUID.randomUUID().toString(), PASSWORD, NEW_PASSWORD).status())
                .isEqualTo(429);
    }

    @Test
    void changePasswordWhenRevocationCannotBeStoredThenPasswordUnchangedAndSessionsKept() {
        TestHttp.Response elsewhere = this.flows.loggedIn(this.username, PASSWORD);
        String suffix = this.userId.replace("-", "");
        // PostgreSQL refuses this account's revocation: the last write of the change fails.
        this.jdbc
                .sql("CREATE FUNCTION refuse_revocation_" + suffix + "() RETURNS trigger AS $$ BEGIN"
                        + " IF NEW.subject = '" + this.userId + "' THEN RAISE EXCEPTION 'refused by test'; END IF;"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql")
                .update();
        this.jdbc
                .sql("CREATE TRIGGER refuse_revocation_" + suffix + " BEFORE INSERT ON revocation"
                        + " FOR EACH ROW EXECUTE FUNCTION refuse_revocation_" + suffix + "()")
                .update();
        try {
            assertThat(change(UUID.randomUUID().toString(), PASSWORD, NEW_PASSWORD)
                            .status())
                    .isGreaterThanOrEqualTo(500);
        } finally {
            this.jdbc
                    .sql("DROP TRIGGER refuse_revocation_" + suffix + " ON revocation")
                    .update();
            this.jdbc.sql("DROP FUNCTION refuse_revocation_" + suffix + "()").update();
        }

        // Nothing half-written: the old password still works and no session was revoked.
        assertThat(this.flows.refresh(elsewhere.text("refresh_token")).status()).isEqualTo(200);
        assertThat(this.flows.login(this.username, NEW_PASSWORD).status()).isEqualTo(401);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void changePasswordWhenNoPassportThen401() {
        TestHttp.Response response = this.http.postJson(
                "/auth/password", TestHttp.json(Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD)));

        assertThat(response.status()).isEqualTo(401);
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    private TestHttp.Response change(String sid, String current, String next) {
        return this.http.postJson(
                "/auth/password",
                TestHttp.json(Map.of("current_password", current, "new_password", next)),
                TestPassports.HEADER,
                TestPassports.forSessionFrom(
                        Flows.uniqueAddress(),
                        this.userId,
                        this.username,
                        Set.of("USER"),
                        sid,
                        "POST",
                        "/auth/password"));
    }
}
