package dev.tessera.auth.device;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Known devices ({@code tessera.auth.device}): the device tokens a successful login hands out.
 *
 * @param lifetime a device token is forgotten this long after the last successful login with it (default
 *     365 days, between 1 day and 5 years); match the gateway's {@code tessera.gateway.cookies.device-max-age}
 * @param maxPerAccount most devices remembered per account (default 20): the least recently used are
 *     forgotten first, so a client that never keeps its token cannot grow the table without bound
 */
@Validated
@ConfigurationProperties("tessera.auth.device")
record DeviceProperties(
        @NotNull @DefaultValue("365d") Duration lifetime,
        @Min(1) @Max(1000) @DefaultValue("20") int maxPerAccount) {

    @AssertTrue(message = "lifetime must be between 1d and 1825d")
    boolean isLifetimeSane() {
        return this.lifetime == null
                || (this.lifetime.compareTo(Duration.ofDays(1)) >= 0
                        && this.lifetime.compareTo(Duration.ofDays(1825)) <= 0);
    }
}
