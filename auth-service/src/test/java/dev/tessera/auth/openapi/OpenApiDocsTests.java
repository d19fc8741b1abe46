package dev.tessera.auth.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document, public under /auth so the gateway serves it at /api/auth/v3/api-docs (issue 8). */
@AuthServiceTest
class OpenApiDocsTests {

    private static final String DOCS = "/auth/v3/api-docs";

    @LocalServerPort
    int port;

    @Test
    void apiDocsWhenReadWithoutOrWithAnonymousPassportThenEveryPublicAndAdminEndpointDocumented() {
        TestHttp http = new TestHttp(this.port);

        TestHttp.Response direct = http.get(DOCS);
        TestHttp.Response viaGateway = http.get(DOCS, TestPassports.HEADER, TestPassports.anonymous("GET", DOCS));

        assertThat(direct.status()).as(direct.toString()).isEqualTo(200);
        assertThat(viaGateway.status()).isEqualTo(200);
        JsonNode paths = direct.json().get("paths");
        assertThat(paths.propertyNames())
                .contains("/auth/login", "/auth/register", "/auth/refresh", "/auth/password", "/auth/admin/audit");
        assertThat(direct.json().get("servers").findValuesAsString("url")).containsExactly("/api", "/");
        assertThat(direct.json().at("/components/securitySchemes/passport/name").asString())
                .isEqualTo(TestPassports.HEADER);
        assertThat(direct.json().has("security"))
                .as("no global passport requirement: the public endpoints are exempt")
                .isFalse();
        assertThat(direct.body()).doesNotContain("\"caller\"");
        assertThat(paths.propertyNames())
                .as("the public document lists no internal endpoint (issue 13, item 8)")
                .noneMatch(path -> path.startsWith("/internal"));
    }
}
