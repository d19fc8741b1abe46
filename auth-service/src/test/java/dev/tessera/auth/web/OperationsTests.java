package dev.tessera.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, overload and database outage: fast, honest answers. */
@AuthServiceTest
class OperationsTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void healthWhenUpThenLivenessAndReadinessOnManagementPortOnly() {
        TestHttp management = new TestHttp(this.managementPort);

        assertThat(management.get("/actuator/health/liveness").body()).contains("\"UP\"");
        assertThat(management.get("/actuator/health/readiness").body()).contains("\"UP\"");
        // Not on the main port: without a passport 401 (no probing), with one 404.
        assertThat(new TestHttp(this.port).get("/actuator/health").status()).isEqualTo(401);
    }

    @Test
    void metricsWhenLoginsFailAndSucceedThenCountedByOutcomeOnManagementPort() {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("metrics");
        flows.registered(username, "metrics password 1");
        double failedBefore =
                this.meters.counter("tessera.auth.logins", "outcome", "failed").count();
        double succeededBefore = this.meters
                .counter("tessera.auth.logins", "outcome", "succeeded")
                .count();

        flows.login(username, "wrong password");
        flows.loggedIn(username, "metrics password 1");

        assertThat(this.meters
                        .counter("tessera.auth.logins", "outcome", "failed")
                        .count())
                .isEqualTo(failedBefore + 1);
        assertThat(this.meters
                        .counter("tessera.auth.logins", "outcome", "succeeded")
                        .count())
                .isEqualTo(succeededBefore + 1);
        assertThat(new TestHttp(this.managementPort)
                        .get("/actuator/metrics/tessera.auth.logins")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void responsesWhenForeignOriginThenNoCorsGrantAndSecurityHeadersPresent() {
        TestHttp http = new TestHttp(this.port);

        TestHttp.Response jwks = http.get("/.well-known/jwks.json", "Origin", "https://evil.example");
        TestHttp.Response preflight = http.request(
                "OPTIONS",
                "/auth/login",
                null,
                "Origin",
                "https://evil.example",
                "Access-Control-Request-Method",
                "POST");

        assertThat(jwks.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(jwks.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(jwks.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void loginWhenDatabasePoolExhaustedThen503AfterThePoolTimeoutAndRecovers() throws Exception {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("outage");
        flows.registered(username, "outage password 1");
        List<Connection> held = new ArrayList<>();
        TestHttp.Response during;
        long elapsedMillis;
        try {
            for (int i = 0; i < 10; i++) {
                held.add(this.dataSource.getConnection());
            }
            long started = System.nanoTime();
            during = flows.login(username, "outage password 1");
            elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }

        assertThat(during.status()).as(during.toString()).isEqualTo(503);
        assertThat(during.header("Retry-After")).isNotNull();
        assertThat(during.body())
                .doesNotContain("access_token")
                .doesNotContain("Hikari")
                .doesNotContain("SQL");
        // Waited for a pooled connection until Hikari's 3 s timeout, rather than failing at once; no upper bound
        // (a shared machine may be slow), the 503 itself shows the wait ended.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(2_500L);
        assertThat(flows.login(username, "outage password 1").status()).isEqualTo(200);
    }

    @Test
    void loginWhenFloodedThenExcessGetsFast503WithRetryAfterAndNothingElseFails() throws Exception {
        Flows flows = new Flows(new TestHttp(this.port));
        int requests = 60;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<TestHttp.Response> responses = new ArrayList<>();
        try {
            List<Future<TestHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<TestHttp.Response> call = () -> {
                    start.await();
                    return flows.login(Flows.uniqueName("flood"), "flood password");
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            for (Future<TestHttp.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<TestHttp.Response> busy =
                responses.stream().filter(r -> r.status() == 503).toList();
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(401, 503));
        assertThat(busy).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.text("type")).isEqualTo("urn:tessera:problem:busy");
        });
        System.out.printf("bulkhead: %d of %d parallel logins answered 503%n", busy.size(), requests);
    }
}
