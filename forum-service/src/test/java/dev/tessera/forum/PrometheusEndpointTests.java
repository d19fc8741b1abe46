package dev.tessera.forum;

import static dev.tessera.forum.ForumClient.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Prometheus scrape endpoint on the management port only (issue 8, operations). */
@ForumTest
class PrometheusEndpointTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusWhenScrapedThenRequestLatencyHistogramsIncludingRefusedPassports() {
        ForumClient forum = new ForumClient(port);
        assertThat(forum.get("/threads", anonymous()).status()).isEqualTo(200);
        assertThat(forum.exchange("GET", "/threads", null, null, null, null).status())
                .isEqualTo(401);

        ForumClient.Reply scrape =
                new ForumClient(managementPort).exchange("GET", "/actuator/prometheus", null, null, null, null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.response().body())
                .contains("http_server_requests_seconds_bucket")
                .contains("status=\"401\"")
                .contains("tessera_passport_rejections_total{reason=\"MISSING\"");
    }
}
