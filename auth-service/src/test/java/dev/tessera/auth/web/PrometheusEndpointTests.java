package dev.tessera.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Prometheus scrape endpoint on the management port only (issue 8, operations). */
@AuthServiceTest
class PrometheusEndpointTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusWhenScrapedThenLoginOutcomesAndLatencyHistogramsAndNotOnThePublicPort() {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("metrics");
        flows.registered(username, "prometheus password 1");
        flows.loggedIn(username, "prometheus password 1");
        flows.login(username, "not the password at all");

        TestHttp.Response scrape = new TestHttp(this.managementPort).get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("tessera_auth_logins_total{outcome=\"succeeded\"")
                .contains("tessera_auth_logins_total{outcome=\"failed\"")
                .contains("http_server_requests_seconds_bucket");
        assertThat(new TestHttp(this.port).get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
