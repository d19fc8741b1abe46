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
 * Recovery mail limits ({@code tessera.auth.mail-limit}), token buckets refilled evenly over {@code period}.
 *
 * @param maxPerAddress verification and reset requests per e-mail address, known or not (default 3)
 * @param maxPerAccount verification and reset messages per account, whoever asked (default 5)
 * @param period time to refill a whole bucket (default 1 hour, between 1 minute and 1 day)
 */
@Validated
@ConfigurationProperties("tessera.auth.mail-limit")
record MailLimitProperties(
        @Min(1) @Max(1000) @DefaultValue("3") int maxPerAddress,
        @Min(1) @Max(1000) @DefaultValue("5") int maxPerAccount,
        @NotNull @DefaultValue("1h") Duration period) {

    @AssertTrue(message = "period must be between 1m and 1d")
    boolean isPeriodSane() {
        return this.period == null || TokenBuckets.isPeriodSane(this.period);
    }
}
