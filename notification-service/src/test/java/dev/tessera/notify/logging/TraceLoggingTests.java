package dev.tessera.notify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.notify.NotifyTest;
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
 * notification-service is reactive: a line written while a request is handled gets the trace and the request id
 * from the Reactor context ({@code spring.reactor.context-propagation=auto}). The passport filter's DEBUG line
 * about a refused passport stands in for "any line".
 */
@NotifyTest
@ExtendWith(OutputCaptureExtension.class)
class TraceLoggingTests {

    private static final String PASSPORT_FILTER = "dev.tessera.boot.PassportWebFilter";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @LocalServerPort
    int port;

    @BeforeEach
    void debugPassportFilter() {
        logging.setLogLevel(PASSPORT_FILTER, LogLevel.DEBUG);
    }

    @AfterEach
    void resetPassportFilter() {
        logging.setLogLevel(PASSPORT_FILTER, null);
    }

    @Test
    void logLinesWhenTraceparentSentThenCarryItsTraceIdAndRequestId(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/notifications"))
                                .header("X-Request-Id", "req-notify-trace-1")
                                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        List<JsonNode> lines = new ArrayList<>();
        for (String text : output.getOut().split("\\R")) {
            if (text.startsWith("{\"@timestamp\"")) {
                JsonNode line = JSON.readTree(text);
                if (line.path("log").path("logger").asString().equals(PASSPORT_FILTER)) {
                    lines.add(line);
                }
            }
        }
        assertThat(lines).as("the refused passport's line").hasSize(1);
        assertThat(lines.get(0).path("traceId").asString()).isEqualTo(traceId);
        assertThat(lines.get(0).path("spanId").asString())
                .matches("[0-9a-f]{16}")
                .isNotEqualTo("00f067aa0ba902b7");
        assertThat(lines.get(0).path("http").path("request").path("id").asString())
                .isEqualTo("req-notify-trace-1");
    }
}
