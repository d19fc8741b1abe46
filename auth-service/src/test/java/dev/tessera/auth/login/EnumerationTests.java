package dev.tessera.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A failed login says nothing about whether the account exists. */
@AuthServiceTest
class EnumerationTests {

    private static final String PASSWORD = "enumeration-password";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() {
        this.flows = new Flows(new TestHttp(this.port));
        this.username = Flows.uniqueName("known");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void loginWhenUnknownUserOrWrongPasswordOrDisabledThenByteIdenticalResponses() {
        TestHttp.Response wrongPassword = this.flows.login(this.username, "not-the-password");
        TestHttp.Response unknownUser = this.flows.login(Flows.uniqueName("unknown"), "not-the-password");
        TestHttp.Response malformedName = this.flows.login("no such user!", "not-the-password");
        this.jdbc
                .sql("UPDATE account SET enabled = false WHERE username = ?")
                .param(this.username)
                .update();
        TestHttp.Response disabled = this.flows.login(this.username, PASSWORD);

        assertThat(wrongPassword.status()).isEqualTo(401);
        for (TestHttp.Response other : List.of(unknownUser, malformedName, disabled)) {
            assertThat(other.status()).isEqualTo(401);
            assertThat(other.bytes()).isEqualTo(wrongPassword.bytes());
            assertThat(other.raw().headers().map().keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            wrongPassword.raw().headers().map().keySet());
        }
        assertThat(wrongPassword.text("type")).isEqualTo("urn:tessera:problem:login-failed");
    }

    @Test
    void loginWhenUnknownUserThenTakesAboutAsLongAsWrongPassword() {
        // Without the dummy hash an unknown user answers tens of milliseconds faster.
        List<Long> unknown = new ArrayList<>();
        List<Long> wrong = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            wrong.add(time(() -> this.flows.login(this.username, "wrong")));
            unknown.add(time(() -> this.flows.login(Flows.uniqueName("ghost"), "wrong")));
            if (i == 3) {
                // Stay below the per-account limit: a success resets the counter.
                this.flows.loggedIn(this.username, PASSWORD);
            }
            if (i == 7) {
                this.flows.loggedIn(this.username, PASSWORD);
            }
        }
        // Without the dummy hash an unknown user costs a fraction of a wrong password (no argon2id).
        // The bound is one-sided per direction and loose, because the machine is shared and noisy.
        long unknownMedian = median(unknown);
        long wrongMedian = median(wrong);
        System.out.printf(
                "login timing medians: unknown user %d ms, wrong password %d ms%n", unknownMedian, wrongMedian);
        assertThat(unknownMedian).as("unknown-user median (ms)").isGreaterThanOrEqualTo(wrongMedian * 6 / 10);
        assertThat(wrongMedian).as("wrong-password median (ms)").isGreaterThanOrEqualTo(unknownMedian * 6 / 10);
    }

    private static long time(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
