package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceApplication;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

@AuthServiceTest
class LoginThrottleTests {

    private static final String PASSWORD = "throttle-tests-password";

    @LocalServerPort
    int port;

    @Autowired
    TestDatabase database;

    TestHttp http;

    Flows flows;

    String username;

    String address;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("throttle");
        this.address = Flows.uniqueAddress();
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void loginWhenFiveFailuresThenSixthAttemptIs429WithRetryAfter() {
        for (int i = 1; i <= 5; i++) {
            assertThat(this.flows
                            .login(this.username, "wrong-password-" + i, this.address)
                            .status())
                    .as("attempt " + i)
                    .isEqualTo(401);
        }

        TestHttp.Response sixth = this.flows.login(this.username, "wrong-password-6", this.address);

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void loginWhenLockedThenCorrectPasswordFromThatClientIsAlsoRefused() {
        failFiveTimes(this.username, this.address);

        TestHttp.Response correct = this.flows.login(this.username, PASSWORD, this.address);

        assertThat(correct.status()).isEqualTo(429);
        assertThat(correct.body()).doesNotContain("access_token");
    }

    @Test
    void loginWhenUnknownUsernameThenThrottledExactlyLikeAKnownOne() {
        String unknown = Flows.uniqueName("ghost");
        failFiveTimes(this.username, this.address);
        String otherAddress = Flows.uniqueAddress();
        failFiveTimes(unknown, otherAddress);

        TestHttp.Response known = this.flows.login(this.username, "wrong", this.address);
        TestHttp.Response ghost = this.flows.login(unknown, "wrong", otherAddress);

        assertThat(ghost.status()).isEqualTo(known.status()).isEqualTo(429);
        assertThat(ghost.bytes()).isEqualTo(known.bytes());
    }

    @Test
    void loginWhenUsernameVariantsThenCountedUnderTheCanonicalName() {
        for (int i = 0; i < 5; i++) {
            String variant = (i % 2 == 0) ? this.username.toUpperCase(java.util.Locale.ROOT) : this.username;
            assertThat(this.flows.login(variant, "wrong", this.address).status())
                    .isEqualTo(401);
        }
        assertThat(this.flows.login(this.username, "wrong", this.address).status())
                .isEqualTo(429);
    }

    @Test
    void loginWhenSuccessfulThenAccountCounterStartsOver() {
        for (int i = 0; i < 4; i++) {
            assertThat(this.flows.login(this.username, "wrong", this.address).status())
                    .isEqualTo(401);
        }
        assertThat(this.flows.login(this.username, PASSWORD, this.address).status())
                .isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(this.flows.login(this.username, "wrong", this.address).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void loginWhenTenParallelWrongGuessesThenOnlyFiveAreChecked() throws Exception {
        List<TestHttp.Response> responses = parallel(10, () -> this.flows.login(this.username, "wrong", this.address));

        assertThat(responses.stream().filter(r -> r.status() == 401)).hasSize(5);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(5);
    }

    @Test
    void loginWhenOneAddressSpraysManyUsernamesThenAddressIsThrottled() {
        for (int i = 0; i < 20; i++) {
            assertThat(this.flows
                            .login(Flows.uniqueName("spray"), "Summer2026!", this.address)
                            .status())
                    .as("attempt " + i)
                    .isEqualTo(401);
        }

        TestHttp.Response next = this.flows.login(Flows.uniqueName("spray"), "Summer2026!", this.address);

        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("Retry-After")).isNotNull();
        // The real user from another address is not affected.
        assertThat(this.flows
                        .login(this.username, PASSWORD, Flows.uniqueAddress())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void countersWhenTwoInstancesShareTheDatabaseThenLimitIsShared() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AuthServiceApplication.class)
                .run(
                        "--spring.datasource.url=" + this.database.jdbcUrl(),
                        "--spring.datasource.username=" + this.database.username(),
                        "--spring.datasource.password=" + this.database.password(),
                        "--server.port=0",
                        "--management.server.port=0",
                        "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK,
                        "--tessera.auth.admin.password=" + AuthServiceTest.ADMIN_PASSWORD,
                        "--tessera.passport.secrets=" + AuthServiceTest.PASSPORT_SECRET)) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            Flows other = new Flows(new TestHttp(secondPort));
            for (int i = 0; i < 5; i++) {
                Flows instance = (i % 2 == 0) ? this.flows : other;
                assertThat(instance.login(this.username, "wrong", this.address).status())
                        .isEqualTo(401);
            }

            assertThat(other.login(this.username, "wrong", this.address).status())
                    .isEqualTo(429);
            assertThat(this.flows.login(this.username, PASSWORD, this.address).status())
                    .isEqualTo(429);
            // And a token minted by one instance refreshes on the other (same keys, same database).
            assertThat(other.login(Flows.uniqueName("nobody"), "x", Flows.uniqueAddress())
                            .status())
                    .isEqualTo(401);
        }
    }

    private void failFiveTimes(String name, String from) {
        for (int i = 0; i < 5; i++) {
            assertThat(this.flows.login(name, "wrong-" + i, from).status()).isEqualTo(401);
        }
    }

    static List<TestHttp.Response> parallel(int count, java.util.concurrent.Callable<TestHttp.Response> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TestHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
