package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The test client (loopback) is not a trusted proxy here, so its {@code X-Forwarded-For} must be
 * ignored: password spraying with a fresh fake address per attempt is still counted per real address.
 */
@AuthServiceTest
@TestPropertySource(properties = "tessera.auth.trusted-proxies=10.255.0.0/16")
class SpoofedForwardedForTests {

    @LocalServerPort
    int port;

    @Test
    void loginWhenUntrustedClientRotatesForwardedForThenAddressLimitStillApplies() {
        Flows flows = new Flows(new TestHttp(this.port));
        for (int i = 0; i < 20; i++) {
            assertThat(flows.login(Flows.uniqueName("spray"), "Winter2026!", Flows.uniqueAddress())
                            .status())
                    .as("attempt " + i)
                    .isEqualTo(401);
        }

        TestHttp.Response next = flows.login(Flows.uniqueName("spray"), "Winter2026!", Flows.uniqueAddress());

        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("Retry-After")).isNotNull();
    }
}
