package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Operations (issue 8): the OpenAPI documents of auth-service and forum-service through the gateway at their
 * documented public paths, and a Prometheus endpoint on every management port (never on the public one).
 */
@Order(6)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIntegrationTests {

    private TesseraSystem system;

    private Api gateway;

    @BeforeAll
    void useSystem() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
    }

    @Test
    void apiDocsWhenReadThroughTheGatewayThenBothDocumentsArePublic() {
        Response auth = this.gateway.get("/api/auth/v3/api-docs");
        Response forum = this.gateway.get("/api/forum/v3/api-docs");

        assertThat(auth.status()).as(auth.toString()).isEqualTo(200);
        assertThat(auth.json().get("paths").propertyNames()).contains("/auth/login", "/auth/admin/audit");
        assertThat(forum.status()).as(forum.toString()).isEqualTo(200);
        assertThat(forum.json().get("paths").propertyNames()).contains("/threads");
    }

    @Test
    void prometheusWhenScrapedThenEveryManagementPortAnswersAndThePublicPortDoesNot() {
        String token = this.gateway
                .registerAndLogin(
                        "metrics" + java.util.UUID.randomUUID().toString().substring(0, 8), "a long enough password")
                .get("access_token")
                .asString();
        assertThat(this.gateway
                        .post("/api/forum/threads", "{}", "Authorization", "Bearer " + token)
                        .status())
                .isEqualTo(400);

        String auth = scrape(Service.AUTH);
        String forum = scrape(Service.FORUM);
        String edge = scrape(Service.GATEWAY);

        assertThat(auth).contains("tessera_auth_logins_total").contains("http_server_requests_seconds_bucket");
        assertThat(forum).contains("http_server_requests_seconds_bucket");
        assertThat(edge)
                .contains("tessera_gateway_revocation_staleness_seconds")
                .contains("tessera_gateway_jwks_age_seconds")
                .contains("tessera_gateway_tokens_total");
        assertThat(this.gateway.get("/actuator/prometheus").status()).isEqualTo(404);
    }

    private String scrape(Service service) {
        Response response = new Api(this.system.managementUri(service)).get("/actuator/prometheus");
        assertThat(response.status()).as(service + " " + response.status()).isEqualTo(200);
        return response.body();
    }
}
