package dev.tessera.auth.throttle;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling ({@code tessera.auth.throttle}).
 *
 * @param accountMaxFailures failed attempts per canonical username before delays start (default 5)
 * @param addressMaxFailures failed attempts per client address before delays start (default 20)
 * @param window quiet time after which a counter starts again from zero (default 15 minutes)
 * @param baseDelay the first delay once a limit is reached; it doubles with every further failure
 *     (default 1 minute)
 * @param maxDelay the longest delay (default 15 minutes): with one failure per delay nobody can hold
 *     an account locked for longer than this at a time
 */
@Validated
@ConfigurationProperties("tessera.auth.throttle")
record ThrottleProperties(
        @Min(1) @Max(1000) @DefaultValue("5") int accountMaxFailures,
        @Min(1) @Max(100000) @DefaultValue("20") int addressMaxFailures,
        @NotNull @DefaultValue("15m") Duration window,
        @NotNull @DefaultValue("1m") Duration baseDelay,
        @NotNull @DefaultValue("15m") Duration maxDelay) {}
