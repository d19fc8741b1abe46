package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@TimeTravelTest
class LoginThrottleRecoveryTests {

    private static final String PASSWORD = "recovery-tests-password";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    Flows flows;

    String username;

    String address;

    @BeforeEach
    void setUp() {
        this.flows = new Flows(new TestHttp(this.port));
        this.username = Flows.uniqueName("recovery");
        this.address = Flows.uniqueAddress();
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void loginWhenLockExpiredThenCorrectPasswordWorksAndCounterStartsOver() {
        failFiveTimes();
        assertThat(this.flows.login(this.username, PASSWORD, this.address).status())
                .isEqualTo(429);

        this.clock.advance(Duration.ofSeconds(61));

        assertThat(this.flows.login(this.username, PASSWORD, this.address).status())
                .isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(this.flows.login(this.username, "wrong", this.address).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void loginWhenOneClientFailsAfterEachLockThenItsDelayDoublesUpToTheCapAndStaysThere() {
        failFiveTimes();
        long[] expected = {60, 120, 240, 480, 900, 900, 900};
        for (long delay : expected) {
            TestHttp.Response locked = this.flows.login(this.username, PASSWORD, this.address);
            assertThat(locked.status()).isEqualTo(429);
            long retryAfter = Long.parseLong(locked.header("Retry-After"));
            assertThat(retryAfter).isBetween(delay - 2, delay);
            this.clock.advance(Duration.ofSeconds(retryAfter + 1));
            assertThat(this.flows.login(this.username, "wrong", this.address).status())
                    .isEqualTo(401);
        }
        // Failing once per lock earns no fresh allowance: the window counts from the end of the lock.
        assertThat(this.flows.login(this.username, "wrong", this.address).status())
                .isEqualTo(429);
    }

    @Test
    void loginWhenQuietForAWindowAfterTheLockEndedThenCountingStartsOver() {
        failFiveTimes();
        // The first lock (1 min) ends, then a whole window (15 min) passes without attempts.
        this.clock.advance(Duration.ofMinutes(17));

        for (int i = 0; i < 4; i++) {
            assertThat(this.flows.login(this.username, "wrong", this.address).status())
                    .isEqualTo(401);
        }
        assertThat(this.flows.login(this.username, PASSWORD, this.address).status())
                .isEqualTo(200);
    }

    private void failFiveTimes() {
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows
                            .login(this.username, "wrong-" + i, this.address)
                            .status())
                    .isEqualTo(401);
        }
    }
}
