package dev.tessera.forum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient;
import dev.tessera.forum.ForumTest;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forum's log lines as configured for production (application.yml: ECS JSON): every line written
 * while a request is handled names the request and the caller, and none holds the passport or any
 * other credential the request carried. DispatcherServlet's DEBUG lines stand in for "any line".
 */
@ForumTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLoggingTests {

    private static final String DISPATCHER = "org.springframework.web.servlet.DispatcherServlet";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @LocalServerPort
    int port;

    @BeforeEach
    void debugDispatcher() {
        logging.setLogLevel(DISPATCHER, LogLevel.DEBUG);
    }

    @AfterEach
    void resetDispatcher() {
        logging.setLogLevel(DISPATCHER, null);
    }

    @Test
    void logLinesWhenCallerPostsThenCarryRequestAndUserIdButNoSecret(CapturedOutput output) throws Exception {
        Passport member = ForumClient.member("logger");
        String passport = new ForumClient(port).passport(member, "POST", "/threads");
        String bearer = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2ctcHJvYmUifQ.c2lnbmF0dXJlLW9mLWEtbG9nLXByb2Jl";
        String cookie = "tessera_refresh=refresh-cookie-value-log-probe-4711";

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/threads"))
                .header(PassportSigner.HEADER, passport)
                .header("X-Request-Id", "req-forum-42")
                .header("Authorization", "Bearer " + bearer)
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Logged\",\"body\":\"Logged body\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        List<JsonNode> lines = linesOf(output, "req-forum-42");
        assertThat(lines).as("DispatcherServlet's lines for the request").hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode line : lines) {
            assertThat(line.path("user").path("id").asString()).isEqualTo(member.userId());
            assertThat(line.path("service").path("name").asString()).isEqualTo("forum-service");
        }
        assertThat(output.getAll())
                .doesNotContain(passport)
                .doesNotContain(passport.substring(passport.length() - 20))
                .doesNotContain(bearer)
                .doesNotContain("refresh-cookie-value-log-probe-4711");
    }

    @Test
    void logLinesWhenRequestIdUnsafeThenFreshIdInstead(CapturedOutput output) throws Exception {
        String junk = "evil\"} injected";
        String passport = new ForumClient(port).passport(ForumClient.anonymous(), "GET", "/threads");

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/threads"))
                .header(PassportSigner.HEADER, passport)
                .header("X-Request-Id", junk));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain("injected");
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : jsonLines(output)) {
            if (line.path("log").path("logger").asString().equals(DISPATCHER)
                    && line.path("message").asString().contains("/threads")) {
                lines.add(line);
            }
        }
        assertThat(lines).isNotEmpty();
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.path("http").path("request").path("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(last.has("user")).as("an anonymous caller has no user id").isFalse();
    }

    @Test
    void logLinesWhenTraceparentSentThenCarryItsTraceId(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String passport = new ForumClient(port).passport(ForumClient.anonymous(), "GET", "/threads");

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/threads"))
                .header(PassportSigner.HEADER, passport)
                .header("X-Request-Id", "req-forum-trace-1")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(linesOf(output, "req-forum-trace-1"))
                .as("DispatcherServlet's lines for the request")
                .isNotEmpty()
                .allSatisfy(line -> {
                    assertThat(line.path("traceId").asString()).isEqualTo(traceId);
                    assertThat(line.path("spanId").asString())
                            .as("the service's own span")
                            .matches("[0-9a-f]{16}")
                            .isNotEqualTo("00f067aa0ba902b7");
                });
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> linesOf(CapturedOutput output, String requestId) {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : jsonLines(output)) {
            if (requestId.equals(line.path("http").path("request").path("id").asString())) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<JsonNode> jsonLines(CapturedOutput output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : output.getOut().split("\\R")) {
            if (text.startsWith("{\"@timestamp\"")) {
                lines.add(JSON.readTree(text));
            }
        }
        return lines;
    }
}
