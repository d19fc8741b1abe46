package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13, item 5: random opaque-shaped bearer tokens must not each cost a call to auth-service. A refused token
 * is remembered (negative cache), and each client address has a budget of calls; active sessions do not spend it.
 */
@IntrospectionTest
class IntrospectionAmplificationTests {

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final IntrospectionStub AUTH = StubUpstreams.INTROSPECTION;

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    String client;

    @BeforeEach
    void refuseEverything() {
        StubUpstreams.restoreDefaults();
        AUTH.start();
        client = EdgeTestSupport.newClientAddress();
        AUTH.answer(200, "{\"active\":false}", Duration.ZERO);
    }

    HttpResponse<String> post(String bearer) throws Exception {
        return gateway.send(gateway.request("/api/forum/threads")
                .header("X-Forwarded-For", client)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void sameRandomTokenWhenSentHundredTimesThenAtMostOneIntrospection() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        int before = AUTH.hits();

        for (int i = 0; i < 100; i++) {
            assertInvalidToken(post(token), token);
        }

        assertThat(AUTH.hits() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void distinctRandomTokensWhenThousandFromOneAddressThenCallsBoundedByTheBudget() throws Exception {
        int before = AUTH.hits();
        int limited = 0;

        for (int i = 0; i < 1_000; i++) {
            HttpResponse<String> response = post(OpaqueTokenTests.opaqueToken());
            if (response.statusCode() == 429) {
                limited++;
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(response.statusCode()).isEqualTo(401);
            }
        }

        assertThat(AUTH.hits() - before).isLessThanOrEqualTo(20);
        assertThat(limited).isGreaterThanOrEqualTo(980);
        assertProblem(post(OpaqueTokenTests.opaqueToken()), 429);
    }

    @Test
    void activeSessionWhenUsedOftenThenBudgetNotSpentAndAnotherAddressUnaffected() throws Exception {
        String token = OpaqueTokenTests.opaqueToken();
        AUTH.active(
                UUID.randomUUID().toString(),
                "ada",
                "[\"USER\"]",
                Instant.now().plusSeconds(600).getEpochSecond(),
                UUID.randomUUID().toString());

        for (int i = 0; i < 50; i++) {
            assertThat(post(token).statusCode()).isEqualTo(200);
        }
    }
}
