package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Logs (issue 8) of the real jars: JSON lines (ECS) by default, one request followed across the gateway
 * and auth-service by its request id and caller, and no password or token in any service's log.
 */
@Order(7)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggingIntegrationTests {

    private TesseraSystem system;

    private Api gateway;

    @BeforeAll
    void useSystem() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
    }

    @Test
    void logsWhenPasswordChangedThroughTheGatewayThenBothServicesNameRequestAndCallerButNoSecret() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String oldPassword = "old log probe " + suffix;
        String newPassword = "new log probe " + suffix;
        JsonNode login = this.gateway.registerAndLogin("logging" + suffix, oldPassword);
        String access = login.get("access_token").asString();
        String refresh = login.get("refresh_token").asString();
        String userId = subjectOf(access);
        String requestId = "e2e-logging-" + suffix;

        Response changed = this.gateway.post(
                "/api/auth/password",
                Map.of("current_password", oldPassword, "new_password", newPassword),
                "Authorization",
                "Bearer " + access,
                "X-Request-Id",
                requestId);

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(lines(Service.GATEWAY, requestId)).isNotEmpty());
        JsonNode accessLine = lines(Service.GATEWAY, requestId).stream()
                .filter(line -> line.path("log").path("logger").asString().equals("dev.tessera.gateway.access"))
                .findFirst()
                .orElseThrow();
        assertThat(accessLine.path("user").path("id").asString()).isEqualTo(userId);
        assertThat(accessLine.path("url").path("path").asString()).isEqualTo("/api/auth/password");
        assertThat(accessLine.path("http").path("response").path("status_code").asInt())
                .isEqualTo(204);
        assertThat(lines(Service.AUTH, requestId))
                .as("auth-service's line about the change, under the gateway's request id")
                .anySatisfy(line -> {
                    assertThat(line.path("message").asString()).contains("changed its password");
                    assertThat(line.path("user").path("id").asString()).isEqualTo(userId);
                    assertThat(line.path("service").path("name").asString()).isEqualTo("auth-service");
                });
        for (Service service : Service.values()) {
            assertThat(log(service))
                    .as(service.module + " log")
                    .doesNotContain(oldPassword)
                    .doesNotContain(newPassword)
                    .doesNotContain(access)
                    .doesNotContain(access.substring(access.lastIndexOf('.') + 1))
                    .doesNotContain(refresh);
        }
    }

    @Test
    void logsWhenServicesStartedThenJsonLinesByDefault() {
        for (Service service : Service.values()) {
            List<JsonNode> json = jsonLines(service);
            assertThat(json).as(service.module + " JSON lines").isNotEmpty();
            assertThat(json)
                    .as(service.module + " start-up line")
                    .anySatisfy(
                            line -> assertThat(line.path("message").asString()).startsWith("Started "));
        }
    }

    private static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Api.json.readTree(payload).path("sub").asString();
    }

    private List<JsonNode> lines(Service service, String requestId) {
        return jsonLines(service).stream()
                .filter(line -> requestId.equals(
                        line.path("http").path("request").path("id").asString()))
                .toList();
    }

    private List<JsonNode> jsonLines(Service service) {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : log(service).split("\\R")) {
            if (text.startsWith("{\"@timestamp\"")) {
                lines.add(Api.json.readTree(text));
            }
        }
        return lines;
    }

    private String log(Service service) {
        try {
            return Files.readString(this.system.logFile(service));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
