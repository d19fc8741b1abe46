package dev.tessera.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Passwords and tokens never reach the log, even on the paths that do log (reuse, failures). */
@TimeTravelTest
@ExtendWith(OutputCaptureExtension.class)
class LogSecrecyTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

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
}
