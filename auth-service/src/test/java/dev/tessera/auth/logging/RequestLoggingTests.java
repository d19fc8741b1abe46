package dev.tessera.auth.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * auth-service's log lines as configured for production (application.yml: ECS JSON): every line of a
 * request names it ({@code http.request.id}, also on the public endpoints that carry no passport), a
 * verified caller is named ({@code user.id}), and no password, token, passport or cookie appears.
 * DispatcherServlet's DEBUG lines stand in for "any line written while handling the request".
 */
@AuthServiceTest
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
    void logLinesWhenLoginThenCarryRequestIdButNoPasswordOrToken(CapturedOutput output) {
        TestHttp http = new TestHttp(port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("logline");
        String password = "log-line-probe-" + Flows.uniqueName("pw");
        flows.registered(username, password);

        TestHttp.Response login = http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", username, "password", password)),
                "X-Request-Id",
                "req-auth-login-1",
                "Cookie",
                "tessera_refresh=cookie-value-log-probe-0815");

        assertThat(login.status()).isEqualTo(200);
        List<JsonNode> lines = linesOf(output, "req-auth-login-1");
        assertThat(lines).as("the login's lines").hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.has("user")).as("no passport, no user id").isFalse();
            assertThat(line.path("service").path("name").asString()).isEqualTo("auth-service");
        });
        String access = login.text("access_token");
        String refresh = login.text("refresh_token");
        assertThat(output.getAll())
                .doesNotContain(password)
                .doesNotContain(access)
                .doesNotContain(access.substring(access.lastIndexOf('.') + 1))
                .doesNotContain(refresh)
                .doesNotContain("cookie-value-log-probe-0815");
    }

    @Test
    void logLinesWhenPassportVerifiedThenCarryUserId(CapturedOutput output) {
        TestHttp http = new TestHttp(port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("logme");
        flows.registered(username, "a long enough password");
        String access = flows.loggedIn(username, "a long enough password").text("access_token");
        String userId = subjectOf(access);
        String passport = TestPassports.forCaller(userId, username, Set.of("USER"), "GET", "/auth/me");

        TestHttp.Response me = http.get(
                "/auth/me",
                "X-Tessera-Passport",
                passport,
                "X-Request-Id",
                "req-auth-me-1",
                "Authorization",
                "Bearer " + access);

        assertThat(me.status()).isEqualTo(200);
        List<JsonNode> lines = linesOf(output, "req-auth-me-1");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(line.path("user").path("id").asString()).isEqualTo(userId));
        assertThat(output.getAll())
                .doesNotContain(passport)
                .doesNotContain(passport.substring(passport.length() - 20))
                .doesNotContain(access.substring(access.lastIndexOf('.') + 1));
    }

    @Test
    void logLinesWhenRequestIdUnsafeThenFreshOneInstead(CapturedOutput output) {
        TestHttp.Response response = new TestHttp(port).get("/.well-known/jwks.json", "X-Request-Id", "a b\"c");

        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode line : jsonLines(output)) {
            if (line.path("log").path("logger").asString().equals(DISPATCHER)
                    && line.path("message").asString().contains("jwks.json")) {
                ids.add(line.path("http").path("request").path("id").asString());
            }
        }
        assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void logLinesWhenTraceparentSentThenCarryItsTraceId(CapturedOutput output) {
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        TestHttp.Response response = new TestHttp(port)
                .get(
                        "/.well-known/jwks.json",
                        "X-Request-Id",
                        "req-auth-trace-1",
                        "traceparent",
                        "00-" + traceId + "-b7ad6b7169203331-01");

        assertThat(response.status()).isEqualTo(200);
        assertThat(linesOf(output, "req-auth-trace-1"))
                .as("DispatcherServlet's lines for the request")
                .isNotEmpty()
                .allSatisfy(line -> {
                    assertThat(line.path("traceId").asString()).isEqualTo(traceId);
                    assertThat(line.path("spanId").asString())
                            .as("the service's own span")
                            .matches("[0-9a-f]{16}")
                            .isNotEqualTo("b7ad6b7169203331");
                });
    }

    private static String subjectOf(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JSON.readTree(payload).path("sub").asString();
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
