package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registration says whether a name is taken (409), so it is limited per client address (issue 13 item 10):
 * by default 10 attempts that reach the name check, refilled over an hour.
 */
@TimeTravelTest
class RegistrationLimitTests {

    private static final String PASSWORD = "registration limit password";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String address;

    String taken;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.address = Flows.uniqueAddress();
        this.taken = Flows.uniqueName("taken");
        this.flows.registered(this.taken, PASSWORD);
    }

    @Test
    void registerWhenOneAddressChecksManyNamesThen429WithRetryAfterTheSameForFreeAndTakenNames() {
        for (int i = 0; i < 10; i++) {
            String name = (i % 2 == 0) ? this.taken : Flows.uniqueName("probe");
            assertThat(this.flows.register(name, PASSWORD, this.address).status())
                    .as("attempt " + i)
                    .isIn(201, 409);
        }

        String free = Flows.uniqueName("free");
        TestHttp.Response onFree = this.flows.register(free, PASSWORD, this.address);
        TestHttp.Response onTaken = this.flows.register(this.taken, PASSWORD, this.address);

        assertThat(onFree.status()).isEqualTo(429);
        assertThat(onFree.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(onFree.text("type")).isEqualTo("urn:tessera:problem:too-many-registrations");
        assertThat(Long.parseLong(onFree.header("Retry-After"))).isBetween(300L, 360L);
        assertThat(onTaken.status()).isEqualTo(429);
        assertThat(onTaken.bytes()).isEqualTo(onFree.bytes());
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM account WHERE username = ?")
                        .param(free)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void registerWhenAnotherAddressIsLimitedThenThisOneIsNot() {
        for (int i = 0; i < 11; i++) {
            this.flows.register(this.taken, PASSWORD, this.address);
        }
        assertThat(this.flows.register(this.taken, PASSWORD, this.address).status())
                .isEqualTo(429);

        assertThat(this.flows
                        .register(Flows.uniqueName("other"), PASSWORD, Flows.uniqueAddress())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void registerWhenFieldIsInvalidThenNotCounted() {
        for (int i = 0; i < 20; i++) {
            assertThat(this.flows
                            .register(Flows.uniqueName("bad"), "short", this.address)
                            .status())
                    .isEqualTo(400);
        }

        assertThat(this.flows
                        .register(Flows.uniqueName("good"), PASSWORD, this.address)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void registerWhenLimitedThenOneMoreAttemptPerSixMinutes() {
        for (int i = 0; i < 10; i++) {
            this.flows.register(this.taken, PASSWORD, this.address);
        }
        TestHttp.Response refused = this.flows.register(this.taken, PASSWORD, this.address);
        assertThat(refused.status()).isEqualTo(429);

        this.clock.advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After")) + 1));

        assertThat(this.flows.register(this.taken, PASSWORD, this.address).status())
                .isEqualTo(409);
        assertThat(this.flows.register(this.taken, PASSWORD, this.address).status())
                .isEqualTo(429);
    }

    @Test
    void registerWhenDirectClientRotatesForwardedForThenCountedUnderItsRealAddress() {
        // No passport, so no signed address: the TCP peer (loopback here) counts, whatever the header claims.
        int limitedAt = -1;
        for (int i = 0; i < 12 && limitedAt < 0; i++) {
            TestHttp.Response response = this.http.postJson(
                    "/auth/register",
                    TestHttp.json(Map.of("username", this.taken, "password", PASSWORD)),
                    "X-Forwarded-For",
                    Flows.uniqueAddress());
            if (response.status() == 429) {
                limitedAt = i;
            }
        }

        assertThat(limitedAt).as("attempts before 429").isBetween(0, 10);
    }
}
