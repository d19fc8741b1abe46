package dev.tessera.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

@ExtendWith(OutputCaptureExtension.class)
class AccessLogFilterTests {

    private static final WebFilterChain ANSWER_204 = exchange -> {
        exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
        return exchange.getResponse().setComplete();
    };

    @Test
    void requestWhenEnabledThenOneLineWithTheFinalStatusAndNoQuery(CapturedOutput output) {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("/api/x/unit-probe?secret=s3cr3t-query"));

        new AccessLogFilter(true).filter(exchange, ANSWER_204).block();

        assertThat(output.getAll()).contains("GET /api/x/unit-probe 204 ").doesNotContain("s3cr3t-query");
    }

    @Test
    void requestWhenDisabledThenNoLine(CapturedOutput output) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x/quiet-probe"));

        new AccessLogFilter(false).filter(exchange, ANSWER_204).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(output.getAll()).doesNotContain("/api/x/quiet-probe");
    }

    @Test
    void pathWhenVeryLongThenCut(CapturedOutput output) {
        String path = "/api/" + "p".repeat(1000);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));

        new AccessLogFilter(true).filter(exchange, ANSWER_204).block();

        assertThat(output.getAll())
                .contains(path.substring(0, AccessLogFilter.MAX_PATH) + "...")
                .doesNotContain(path.substring(0, AccessLogFilter.MAX_PATH + 1));
    }
}
