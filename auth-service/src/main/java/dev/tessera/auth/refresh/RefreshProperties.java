package dev.tessera.auth.refresh;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Refresh tokens ({@code tessera.auth.refresh}).
 *
 * @param absoluteLifetime a family ends this long after its login, however it is used (default 30 days)
 * @param idleLifetime a refresh token not used for this long stops working (default 7 days)
 * @param gracePeriod after a rotation, presenting the old token again within this window returns the
 *     same successor pair instead of counting as reuse (default 10 s: parallel tabs, lost responses)
 * @param cleanupInterval how often sealed successors past the grace window and ended families are
 *     deleted
 */
@Validated
@ConfigurationProperties("tessera.auth.refresh")
record RefreshProperties(
        @NotNull @DefaultValue("30d") Duration absoluteLifetime,
        @NotNull @DefaultValue("7d") Duration idleLifetime,
        @NotNull @DefaultValue("10s") Duration gracePeriod,
        @NotNull @DefaultValue("1m") Duration cleanupInterval) {

    @AssertTrue(message = "idle-lifetime must not exceed absolute-lifetime")
    boolean isIdleWithinAbsolute() {
        return this.idleLifetime == null
                || this.absoluteLifetime == null
                || this.idleLifetime.compareTo(this.absoluteLifetime) <= 0;
    }

    @AssertTrue(message = "grace-period must be between 0 and 60s")
    boolean isGraceShort() {
        return this.gracePeriod == null
                || (!this.gracePeriod.isNegative() && this.gracePeriod.compareTo(Duration.ofSeconds(60)) <= 0);
    }
}
