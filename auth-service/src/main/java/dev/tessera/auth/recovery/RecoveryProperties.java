package dev.tessera.auth.recovery;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * E-mail verification and password-reset links ({@code tessera.auth.recovery}). How many may be asked for is
 * {@code tessera.auth.mail-limit}; where the links point is {@code tessera.auth.mail.link-base}.
 *
 * @param verificationLifetime how long an e-mail verification link works (default 24 hours)
 * @param resetLifetime how long a password-reset link works (default 30 minutes): it is a password, and mailboxes
 *     are read on many devices
 */
@Validated
@ConfigurationProperties("tessera.auth.recovery")
record RecoveryProperties(
        @NotNull @DefaultValue("24h") Duration verificationLifetime,
        @NotNull @DefaultValue("30m") Duration resetLifetime) {

    @AssertTrue(message = "verification-lifetime must be between 1m and 7d, reset-lifetime between 1m and 24h")
    boolean isLifetimeSane() {
        return this.verificationLifetime == null
                || this.resetLifetime == null
                || (this.verificationLifetime.compareTo(Duration.ofMinutes(1)) >= 0
                        && this.verificationLifetime.compareTo(Duration.ofDays(7)) <= 0
                        && this.resetLifetime.compareTo(Duration.ofMinutes(1)) >= 0
                        && this.resetLifetime.compareTo(Duration.ofHours(24)) <= 0);
    }
}
