package dev.tessera.auth.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The password-hashing bulkhead ({@code tessera.auth.hashing}).
 *
 * @param maxConcurrent hashes computed at once (default 0: twice the number of processors); each
 *     argon2id hash holds 19 MiB, so this also caps the memory hashing can take, and as many 19 MiB
 *     arrays are kept for reuse once that many hashes have run at once
 * @param acquireTimeout how long a request waits for a slot before it gets 503 (default 500 ms)
 */
@Validated
@ConfigurationProperties("tessera.auth.hashing")
record HashingProperties(
        @PositiveOrZero @DefaultValue("0") int maxConcurrent,
        @NotNull @DefaultValue("500ms") Duration acquireTimeout) {

    int effectiveMaxConcurrent() {
        return (this.maxConcurrent > 0)
                ? this.maxConcurrent
                : 2 * Runtime.getRuntime().availableProcessors();
    }
}
