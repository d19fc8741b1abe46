package dev.tessera.auth.client;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Machine tokens ({@code tessera.auth.client-token}). The clients themselves are configured under {@code
 * tessera.auth.clients} (see {@link ConfiguredClients}).
 *
 * @param lifetime how long a client-credentials access token lives (default 5 minutes, between 10 s and 1 hour):
 *     there is no revocation for machine tokens, so a disabled client or a rotated secret ends at most this late
 */
@Validated
@ConfigurationProperties("tessera.auth.client-token")
record ClientTokenProperties(@NotNull @DefaultValue("5m") Duration lifetime) {

    @AssertTrue(message = "lifetime must be between 10s and 1h")
    boolean isLifetimeWithinBounds() {
        return this.lifetime == null
                || (this.lifetime.compareTo(Duration.ofSeconds(10)) >= 0
                        && this.lifetime.compareTo(Duration.ofHours(1)) <= 0);
    }
}
