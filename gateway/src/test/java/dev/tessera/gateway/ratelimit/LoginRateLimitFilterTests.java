package dev.tessera.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The limit matches paths as the access rules do, so it cannot disagree with them about what the login is. */
class LoginRateLimitFilterTests {

    private final LoginRateLimitFilter filter =
            new LoginRateLimitFilter(new RateLimitProperties(List.of("/api/auth/login"), 1, Duration.ofHours(1), 100));

    private final AtomicInteger passed = new AtomicInteger();

    private final WebFilterChain chain = exchange -> {
        passed.incrementAndGet();
        return Mono.empty();
    };

    private HttpStatus statusOf(String path) {
        // URI.create keeps the path as written (the template methods would encode its '%').
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.method(HttpMethod.POST, URI.create(path)).build());
        filter.filter(exchange, chain).block(Duration.ofSeconds(5));
        return (HttpStatus) exchange.getResponse().getStatusCode();
    }

    @Test
    void filterWhenBudgetSpentThenEverySpellingTheRulesMatchIsLimited() {
        assertThat(statusOf("/api/auth/login")).isNull();

        assertThat(statusOf("/api/auth/login")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(statusOf("/api/auth/login;x")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(statusOf("/api/auth/%6cogin")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(passed).hasValue(1);
    }

    @Test
    void filterWhenOtherPathThenNotLimited() {
        for (int i = 0; i < 3; i++) {
            assertThat(statusOf("/api/auth/logout")).isNull();
        }
        assertThat(passed).hasValue(3);
    }
}
