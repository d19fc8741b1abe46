package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * docs/threat-model.md D4/F9: a client that calls auth-service directly cannot choose its address. {@code
 * X-Forwarded-For} is never believed (not even from loopback, where any local process sits); only the address
 * the gateway signed into a passport is. Spraying with a fresh fake address per attempt is counted per real
 * address, and a passport whose signature fails is refused outright.
 */
@AuthServiceTest
class SpoofedForwardedForTests {

    @LocalServerPort
    int port;

    @Test
    void loginWhenDirectClientRotatesForwardedForThenAddressLimitStillApplies() {
        TestHttp http = new TestHttp(this.port);
        // Every test of this context shares loopback as its real address: a fresh one, as the gateway would sign it,
        // would let this test start from an empty counter, so the attempts go without a passport, from loopback.
        TestHttp.Response last = null;
        int limitedAt = -1;
        for (int i = 0; i < 40 && limitedAt < 0; i++) {
            last = http.postJson(
                    "/auth/login",
                    TestHttp.json(Map.of("username", Flows.uniqueName("spray"), "password", "Winter2026! spring")),
                    "X-Forwarded-For",
                    Flows.uniqueAddress());
            if (last.status() == 429) {
                limitedAt = i;
            }
        }

        assertThat(limitedAt).as("attempts before 429").isBetween(0, 20);
        assertThat(last.header("Retry-After")).isNotNull();
    }

    @Test
    void loginWhenClientAddressPassportIsForgedThenRefusedBeforeAnyCounting() {
        String forged = TestPassports.anonymousFrom("198.51.100.77", "POST", "/auth/login");
        forged = forged.substring(0, forged.length() - 2) + (forged.endsWith("A") ? "BB" : "AA");

        TestHttp.Response response = new TestHttp(this.port)
                .postJson(
                        "/auth/login",
                        TestHttp.json(Map.of("username", "nobody-at-all", "password", "not the password at all")),
                        TestPassports.HEADER,
                        forged);

        assertThat(response.status()).isEqualTo(401);
    }
}
