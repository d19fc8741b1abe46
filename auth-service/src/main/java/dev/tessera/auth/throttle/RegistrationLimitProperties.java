package dev.tessera.auth.throttle;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registration attempts per client address ({@code tessera.auth.registration}): a token bucket of {@code
 * max-attempts}, refilled evenly over {@code period}. Only attempts that reach the "is this name taken" check
 * count (a 400 for a bad field does not).
 *
 * @param maxAttempts attempts a client address may make at once, and per {@code period} in the long run
 *     (default 10)
 * @param period time to refill a whole bucket (default 1 hour, between 1 minute and 1 day)
 */
@Validated
@ConfigurationProperties("tessera.auth.registration")
record RegistrationLimitProperties(
        @Min(1) @Max(1000000) @DefaultValue("10") int maxAttempts,
        @NotNull @DefaultValue("1h") Duration period) {

    @AssertTrue(message = "period must be between 1m and 1d")
    boolean isPeriodSane() {
        return this.period == null || TokenBuckets.isPeriodSane(this.period);
    }
}
