package dev.tessera.auth.revocation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The revocation feed ({@code tessera.auth.revocation}).
 *
 * @param clockSkew how long past a token's {@code exp} verifiers may still accept it (default 60 s, the
 *     gateway's maximum skew); a revocation is kept for the access-token lifetime plus this
 * @param purgeInterval how often revocations past their window are deleted (default 1 minute)
 * @param pageSize at most this many revocations per feed answer (default 1000); the rest follow with the
 *     next cursor
 */
@Validated
@ConfigurationProperties("tessera.auth.revocation")
record RevocationProperties(
        @NotNull @DefaultValue("60s") Duration clockSkew,
        @NotNull @DefaultValue("1m") Duration purgeInterval,
        @Min(1) @Max(10_000) @DefaultValue("1000") int pageSize) {}
