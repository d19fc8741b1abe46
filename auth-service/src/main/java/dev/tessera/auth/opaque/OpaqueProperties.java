package dev.tessera.auth.opaque;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Opaque session tokens, scheme A ({@code tessera.auth.opaque}).
 *
 * @param lifetime a session token stops working this long after it was issued, and never after its
 *     login's refresh family ends (default 1 h; it can be longer than a JWT's because revoking it takes
 *     effect at the next introspection)
 * @param idleTimeout a session token not introspected for this long stops working (default 15 min)
 * @param touchInterval the last use is written at most once per this interval per token, so
 *     introspection is a read, not a write, on most requests; the idle timeout is therefore enforced
 *     with at most this much slack (default 1 min)
 * @param cleanupInterval how often ended sessions are deleted (default 1 min)
 */
@Validated
@ConfigurationProperties("tessera.auth.opaque")
record OpaqueProperties(
        @NotNull @DefaultValue("1h") Duration lifetime,
        @NotNull @DefaultValue("15m") Duration idleTimeout,
        @NotNull @DefaultValue("1m") Duration touchInterval,
        @NotNull @DefaultValue("1m") Duration cleanupInterval) {

    @AssertTrue(message = "lifetime must be between 10s and 24h")
    boolean isLifetimeSane() {
        return this.lifetime == null
                || (this.lifetime.compareTo(Duration.ofSeconds(10)) >= 0
                        && this.lifetime.compareTo(Duration.ofHours(24)) <= 0);
    }

    @AssertTrue(message = "idle-timeout must be positive and not exceed lifetime")
    boolean isIdleWithinLifetime() {
        return this.idleTimeout == null
                || this.lifetime == null
                || (!this.idleTimeout.isNegative()
                        && !this.idleTimeout.isZero()
                        && this.idleTimeout.compareTo(this.lifetime) <= 0);
    }

    @AssertTrue(message = "touch-interval must be positive and shorter than idle-timeout")
    boolean isTouchShorterThanIdle() {
        return this.touchInterval == null
                || this.idleTimeout == null
                || (!this.touchInterval.isNegative()
                        && !this.touchInterval.isZero()
                        && this.touchInterval.compareTo(this.idleTimeout) < 0);
    }
}
