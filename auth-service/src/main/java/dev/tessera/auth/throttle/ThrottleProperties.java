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
 * Login throttling ({@code tessera.auth.throttle}); see {@link LoginThrottle} for which counter applies
 * when.
 *
 * @param clientMaxFailures failed attempts per account and client address (an unknown device) before
 *     delays start (default 5); also the allowance of wrong current passwords at a password change
 * @param addressMaxFailures failed attempts per client address, all accounts together, before delays
 *     start (default 20): one address spraying many accounts
 * @param accountMaxFailures failed attempts per account from unknown devices, all addresses together,
 *     before delays start (default 50): a generous cap so that spraying one account from many addresses is
 *     still slowed; known devices are never held back by it. A single client, held to one attempt per
 *     {@code max-delay} by its own counter, never fills it: the count starts over after {@code window}
 *     without attempts, and {@code window} is at most {@code max-delay}
 * @param deviceMaxFailures failed attempts with one device token before delays start (default 5); a
 *     locked device is treated as unknown until its lock ends
 * @param window quiet time after a counter's last attempt, and after its lock ended, before it starts again
 *     from zero (default 15 minutes)
 * @param baseDelay the first delay once a limit is reached; it doubles with every further failure
 *     (default 1 minute)
 * @param maxDelay the longest delay (default 15 minutes)
 */
@Validated
@ConfigurationProperties("tessera.auth.throttle")
record ThrottleProperties(
        @Min(1) @Max(1000) @DefaultValue("5") int clientMaxFailures,
        @Min(1) @Max(100000) @DefaultValue("20") int addressMaxFailures,
        @Min(1) @Max(100000) @DefaultValue("50") int accountMaxFailures,
        @Min(1) @Max(1000) @DefaultValue("5") int deviceMaxFailures,
        @NotNull @DefaultValue("15m") Duration window,
        @NotNull @DefaultValue("1m") Duration baseDelay,
        @NotNull @DefaultValue("15m") Duration maxDelay) {

    /**
     * A window longer than the longest delay would let one client, failing once per lock, keep the
     * account-wide count from ever starting over, and so fill it alone.
     */
    @AssertTrue(
            message = "window, base-delay and max-delay must be positive, base-delay at most max-delay,"
                    + " and window at most max-delay")
    boolean isTimingSane() {
        return this.window == null
                || this.baseDelay == null
                || this.maxDelay == null
                || (this.window.toMillis() > 0
                        && this.baseDelay.toMillis() > 0
                        && this.baseDelay.compareTo(this.maxDelay) <= 0
                        && this.window.compareTo(this.maxDelay) <= 0);
    }
}
