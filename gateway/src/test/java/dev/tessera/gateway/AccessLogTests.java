package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's logs as configured for production (application.yml: ECS JSON): one access-log line per
 * request with the request id, the caller, method, path, status, duration and client address; never the
 * token (header, cookie or query), the passport it minted or a cookie value.
 */
@ExtendWith(OutputCaptureExtension.class)
@GatewayTest
class AccessLogTests extends GatewayTestSupport {

    private static final String ACCESS_LOGGER = "dev.tessera.gateway.access";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void accessLineWhenAuthenticatedRequestThenIdsStatusAndNoSecret(CapturedOutput output) throws Exception {
        String token = TestTokens.valid();
        String subject = SignedJWT.parse(token).getJWTClaimsSet().getSubject();

        HttpResponse<String> response = send(request("/api/forum/threads?access_token=" + token + "&page=2")
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "req-gw-access-1")
                .header("Cookie", "tessera_refresh=refresh-cookie-log-probe-99")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"body-password-log-probe\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        String passport = FORUM.next().header("X-Tessera-Passport").get(0);
        JsonNode line = accessLine(output, "req-gw-access-1");
        assertThat(line.path("user").path("id").asString()).isEqualTo(subject);
        assertThat(line.path("http").path("request").path("method").asString()).isEqualTo("POST");
        assertThat(line.path("http").path("response").path("status_code").asInt())
                .isEqualTo(200);
        assertThat(line.path("url").path("path").asString()).isEqualTo("/api/forum/threads");
        assertThat(line.path("client").path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(line.path("event").path("duration").asLong()).isPositive();
        assertThat(line.path("service").path("name").asString()).isEqualTo("gateway");
        assertThat(line.path("message").asString()).startsWith("POST /api/forum/threads 200 ");
        assertThat(output.getAll())
                .doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain("page=2")
                .doesNotContain(passport)
                .doesNotContain(passport.substring(passport.length() - 20))
                .doesNotContain("refresh-cookie-log-probe-99")
                .doesNotContain("body-password-log-probe");
    }

    @Test
    void accessLineWhenRefusedThenStatusAndGeneratedIdButNoUser(CapturedOutput output) throws Exception {
        String forged = TestTokens.valid().replaceFirst("\\.[^.]+$", ".Zm9yZ2VkLXNpZ25hdHVyZS1sb2ctcHJvYmU");

        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("Authorization", "Bearer " + forged)
                .header("X-Request-Id", "<script>")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(401);
        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode line = accessLine(output, id);
        assertThat(line.path("http").path("response").path("status_code").asInt())
                .isEqualTo(401);
        assertThat(line.has("user")).isFalse();
        assertThat(output.getAll()).doesNotContain(forged).doesNotContain("Zm9yZ2VkLXNpZ25hdHVyZS1sb2ctcHJvYmU");
    }

    @Test
    void logLinesWhenUpstreamDownThenErrorAndAccessLineShareTheRequestId(CapturedOutput output) throws Exception {
        // auth-service is "down" in these tests: the JWKS route answers 503 from the error handler.
        HttpResponse<String> response = send(request("/.well-known/jwks.json")
                .header("X-Request-Id", "req-gw-down-1")
                .GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(accessLine(output, "req-gw-down-1")
                        .path("http")
                        .path("response")
                        .path("status_code")
                        .asInt())
                .as("the status the client got, written after the error handler ran")
                .isEqualTo(503);
        assertThat(lines(output, "req-gw-down-1"))
                .anySatisfy(line ->
                        assertThat(line.path("log").path("level").asString()).isEqualTo("WARN"));
    }

    @Test
    void logLinesWhenTraceparentSentThenEveryLineCarriesItsTraceId(CapturedOutput output) throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        HttpResponse<String> response = send(request("/.well-known/jwks.json")
                .header("X-Request-Id", "req-gw-trace-1")
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(lines(output, "req-gw-trace-1"))
                .as("the error line and the access line")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> {
                    assertThat(line.path("traceId").asString()).isEqualTo(traceId);
                    assertThat(line.path("spanId").asString())
                            .matches("[0-9a-f]{16}")
                            .isNotEqualTo("b7ad6b7169203331");
                });
    }

    private static JsonNode accessLine(CapturedOutput output, String requestId) {
        List<JsonNode> access = lines(output, requestId).stream()
                .filter(line -> line.path("log").path("logger").asString().equals(ACCESS_LOGGER))
                .toList();
        assertThat(access).as("access-log lines of request %s", requestId).hasSize(1);
        return access.get(0);
    }

    private static List<JsonNode> lines(CapturedOutput output, String requestId) {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : output.getOut().split("\\R")) {
            if (text.startsWith("{\"@timestamp\"")) {
                JsonNode line = JSON.readTree(text);
                if (requestId.equals(
                        line.path("http").path("request").path("id").asString())) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
