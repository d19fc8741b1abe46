package dev.tessera.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Passwords and tokens never reach the log, even on the paths that do log (reuse, failures). */
@TimeTravelTest
@ExtendWith(OutputCaptureExtension.class)
class LogSecrecyTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void logsWhenEveryFlowRunsThenNoPasswordOrTokenAppears(CapturedOutput output) {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("secret");
        String password = "Sup3r-Secret-Passw0rd-" + Flows.uniqueName("x");
        List<String> secrets = new ArrayList<>();
        secrets.add(password);

        flows.registered(username, password);
        flows.login(username, password + "-wrong");
        TestHttp.Response login = flows.loggedIn(username, password);
        secrets.add(login.text("access_token"));
        secrets.add(login.text("refresh_token"));
        secrets.add(login.text("device_token"));
        // A known device's login: the presented token and its rotated successor.
        secrets.add(flows.login(username, password, Flows.uniqueAddress(), login.text("device_token"))
                .text("device_token"));
        TestHttp.Response refreshed = flows.refresh(login.text("refresh_token"));
        secrets.add(refreshed.text("access_token"));
        secrets.add(refreshed.text("refresh_token"));
        this.clock.advance(Duration.ofSeconds(11));
        // Reuse after the grace window: logged as an event, without the token.
        assertThat(flows.refresh(login.text("refresh_token")).status()).isEqualTo(401);
        flows.logout(refreshed.text("refresh_token"));
        flows.register(username + "x", password.substring(0, 5));

        assertThat(output.getAll()).contains("Refresh token reuse detected");
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
            // Not even a recognizable piece of a JWT (its signature part).
            String tail = secret.substring(secret.length() - 20);
            assertThat(output.getAll()).doesNotContain(tail);
        }
        assertThat(output.getAll()).doesNotContain(AuthServiceTest.TEST_KEK);
    }

    @Test
    void logsWhenRecoveryFlowsRunThenNoLinkTokenPasswordOrAddressAppears(CapturedOutput output) {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("recover");
        String password = "Recovery-Secret-Passw0rd-" + Flows.uniqueName("x");
        String newPassword = "Reset-Secret-Passw0rd-" + Flows.uniqueName("y");
        String address = TestMail.uniqueAddress("secret");
        flows.registered(username, password);
        String id = this.jdbc
                .sql("SELECT id FROM account WHERE username = ?")
                .param(username)
                .query(UUID.class)
                .single()
                .toString();

        TestHttp.Response set = http.request(
                "PUT",
                "/auth/me/email",
                TestHttp.json(Map.of("email", address)),
                TestPassports.HEADER,
                TestPassports.forCaller(id, username, Set.of("USER"), "PUT", "/auth/me/email"));
        assertThat(set.status()).isEqualTo(202);
        String verification = TestMail.token(TestMail.await(address, 1).get(0));
        assertThat(http.postJson("/auth/email/verify", TestHttp.json(Map.of("token", verification)))
                        .status())
                .isEqualTo(204);
        assertThat(http.postJson(
                                "/auth/password/forgot",
                                TestHttp.json(Map.of("email", address)),
                                TestPassports.HEADER,
                                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/password/forgot"))
                        .status())
                .isEqualTo(202);
        String reset = TestMail.token(TestMail.await(address, 2).get(1));
        // A refused password first (the policy's 400), then the reset, then a reuse (400).
        http.postJson("/auth/password/reset", TestHttp.json(Map.of("token", reset, "new_password", "short")));
        assertThat(http.postJson(
                                "/auth/password/reset",
                                TestHttp.json(Map.of("token", reset, "new_password", newPassword)))
                        .status())
                .isEqualTo(204);
        assertThat(http.postJson(
                                "/auth/password/reset",
                                TestHttp.json(Map.of("token", reset, "new_password", newPassword)))
                        .status())
                .isEqualTo(400);

        assertThat(output.getAll()).contains("reset its password with a link");
        for (String secret : List.of(verification, reset, password, newPassword, address)) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }
}
