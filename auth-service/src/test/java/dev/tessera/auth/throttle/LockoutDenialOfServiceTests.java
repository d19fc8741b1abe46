package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TimeTravelTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failures from one client never make a correct password from another client, or from a known device, fail
 * (docs/threat-model.md K4, F8; issue 13 item 3). Defaults: 5 failures per account and client, 20 per address, 50
 * per account from unknown devices, 5 per device token.
 */
@TimeTravelTest
class LockoutDenialOfServiceTests {

    private static final String PASSWORD = "lockout-tests-password";

    private static final int ACCOUNT_CAP = 50;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() {
        this.flows = new Flows(new TestHttp(this.port));
        this.username = Flows.uniqueName("victim");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void loginWhenAttackerFailedManyTimesFromOneAddressThenCorrectPasswordFromAnotherAddressSucceeds() {
        String attacker = Flows.uniqueAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(this.flows.login(this.username, "guess-" + i, attacker).status())
                    .isIn(401, 429);
        }
        assertThat(this.flows.login(this.username, PASSWORD, attacker).status()).isEqualTo(429);

        TestHttp.Response user = this.flows.login(this.username, PASSWORD, Flows.uniqueAddress());

        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        assertThat(user.text("access_token")).isNotBlank();
    }

    @Test
    void loginWhenAttackerFailsOncePerLockForeverThenUserStillLogsIn() {
        String attacker = Flows.uniqueAddress();
        String user = Flows.uniqueAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows.login(this.username, "guess-" + i, attacker).status())
                    .isEqualTo(401);
        }
        // A day of one wrong guess each time the lock ends (the old design kept the account locked throughout).
        Duration elapsed = Duration.ZERO;
        int guesses = 0;
        while (elapsed.compareTo(Duration.ofDays(1)) < 0) {
            TestHttp.Response locked = this.flows.login(this.username, "guess", attacker);
            assertThat(locked.status()).isEqualTo(429);
            Duration wait = Duration.ofSeconds(Long.parseLong(locked.header("Retry-After")) + 1);
            this.clock.advance(wait);
            elapsed = elapsed.plus(wait);
            assertThat(this.flows.login(this.username, "guess", attacker).status())
                    .isEqualTo(401);
            guesses++;
            if (guesses % 20 == 0) {
                assertThat(this.flows.login(this.username, PASSWORD, user).status())
                        .as("the user after " + guesses + " guesses")
                        .isEqualTo(200);
            }
        }

        assertThat(this.flows.login(this.username, PASSWORD, user).status()).isEqualTo(200);
        // One client gets one guess per longest delay (15 min) once the doubling has reached it: about 4 + 96.
        assertThat(guesses).isBetween(90, 102);
    }

    @Test
    void loginWhenAccountWideCapTrippedThenKnownDeviceStillLogsIn() {
        String device = this.flows.loggedIn(this.username, PASSWORD).text("device_token");
        assertThat(device).matches("[A-Za-z0-9_-]{43}");

        tripAccountCap(this.username);
        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress())
                        .status())
                .isEqualTo(429);

        TestHttp.Response known = this.flows.login(this.username, PASSWORD, Flows.uniqueAddress(), device);

        assertThat(known.status()).as(known.toString()).isEqualTo(200);
        assertThat(known.text("access_token")).isNotBlank();
    }

    @Test
    void loginWhenAccountWideCapTrippedThenUnknownDeviceFromFreshAddressGetsTheSame429AsForAnUnknownName() {
        String ghost = Flows.uniqueName("ghost");
        tripAccountCap(this.username);
        tripAccountCap(ghost);

        TestHttp.Response known = this.flows.login(this.username, PASSWORD, Flows.uniqueAddress());
        TestHttp.Response unknown = this.flows.login(ghost, PASSWORD, Flows.uniqueAddress());

        assertThat(known.status()).isEqualTo(429);
        assertThat(known.header("Retry-After")).isNotNull();
        assertThat(known.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(unknown.status()).isEqualTo(429);
        assertThat(unknown.bytes()).isEqualTo(known.bytes());
        assertThat(unknown.raw().headers().map().keySet())
                .containsExactlyInAnyOrderElementsOf(known.raw().headers().map().keySet());
    }

    @Test
    void loginWhenDeviceTokenOfAnotherAccountThenNoBypass() {
        String other = Flows.uniqueName("other");
        this.flows.registered(other, PASSWORD);
        String othersDevice = this.flows.loggedIn(other, PASSWORD).text("device_token");
        tripAccountCap(this.username);

        TestHttp.Response response = this.flows.login(this.username, PASSWORD, Flows.uniqueAddress(), othersDevice);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void loginWhenDeviceTokenFailsTooOftenThenItGivesNoFurtherGuessesAndFallsBackToTheUnknownDeviceLimits() {
        String device = this.flows.loggedIn(this.username, PASSWORD).text("device_token");
        String thief = Flows.uniqueAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows
                            .login(this.username, "guess-" + i, thief, device)
                            .status())
                    .isEqualTo(401);
        }
        // The device is locked; the thief is now an unknown device at this address: 5 more, then locked.
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows
                            .login(this.username, "more-" + i, thief, device)
                            .status())
                    .isEqualTo(401);
        }
        TestHttp.Response refused = this.flows.login(this.username, PASSWORD, thief, device);
        assertThat(refused.status()).isEqualTo(429);

        // Both locks end after a minute: one guess on each, then both doubled.
        this.clock.advance(Duration.ofSeconds(61));
        assertThat(this.flows.login(this.username, "again-1", thief, device).status())
                .isEqualTo(401);
        assertThat(this.flows.login(this.username, "again-2", thief, device).status())
                .isEqualTo(401);
        TestHttp.Response doubled = this.flows.login(this.username, PASSWORD, thief, device);
        assertThat(doubled.status()).isEqualTo(429);
        assertThat(Long.parseLong(doubled.header("Retry-After"))).isBetween(110L, 120L);
    }

    @Test
    void loginWhenKnownDeviceLogsInThenItsTokenIsRotatedStoredOnlyAsHashAndTheOldOneIsNoLongerKnown() throws Exception {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("device_token");
        String second = this.flows
                .login(this.username, PASSWORD, Flows.uniqueAddress(), first)
                .text("device_token");
        assertThat(second).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(first);
        long devices = this.jdbc
                .sql("SELECT count(*) FROM known_device d JOIN account a ON a.id = d.account_id WHERE a.username = ?")
                .param(this.username)
                .query(Long.class)
                .single();
        assertThat(devices).as("rotated in place, not a second device").isEqualTo(1);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(second.getBytes(StandardCharsets.US_ASCII));
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM known_device WHERE token_hash = ?")
                        .param(hash)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        tripAccountCap(this.username);

        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress(), first)
                        .status())
                .as("the rotated-away token")
                .isEqualTo(429);
        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress(), second)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void loginWhenDeviceTokenExpiredThenItIsAnUnknownDevice() {
        String device = this.flows.loggedIn(this.username, PASSWORD).text("device_token");
        this.clock.advance(Duration.ofDays(366));
        tripAccountCap(this.username);

        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress(), device)
                        .status())
                .isEqualTo(429);
    }

    @Test
    void loginWhenNotAKnownDeviceThenTheSuccessResetsOnlyItsOwnClientCounter() {
        String attacker = Flows.uniqueAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows.login(this.username, "guess-" + i, attacker).status())
                    .isEqualTo(401);
        }

        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress())
                        .status())
                .isEqualTo(200);

        // The user's success elsewhere did not wash the attacker's client clean.
        assertThat(this.flows.login(this.username, "guess", attacker).status()).isEqualTo(429);
    }

    /** Fails the account-wide cap from ten fresh addresses, five each (each just within its own limit). */
    private void tripAccountCap(String name) {
        for (int a = 0; a < ACCOUNT_CAP / 5; a++) {
            String address = Flows.uniqueAddress();
            for (int i = 0; i < 5; i++) {
                assertThat(this.flows.login(name, "spray-" + i, address).status())
                        .isEqualTo(401);
            }
        }
    }
}
