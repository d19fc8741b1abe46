package dev.tessera.auth;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Access tokens ({@code tessera.auth.token}).
 *
 * @param issuer the public base URL clients see (the gateway's), exact string in {@code iss}, no
 *     trailing slash (env {@code TESSERA_AUTH_TOKEN_ISSUER})
 * @param audience the {@code aud} claim (default {@code tessera})
 * @param lifetime access-token lifetime (default 5 minutes, between 10 s and 1 hour; short lifetimes are for tests and demonstrations)
 * @param publicPath where the gateway exposes this service's {@code /auth} endpoints (default
 *     {@code /api/auth}), used in the discovery document
 * @param firstPartyClientId the {@code client_id} (RFC 9068) of the tokens the login and refresh endpoints issue:
 *     Tessera's own first-party client, the page and apps that log users in with a password (default {@code
 *     tessera-web}). No machine client can be registered with this id, so a token's {@code client_id} names one
 *     client only
 */
@Validated
@ConfigurationProperties("tessera.auth.token")
public record TokenProperties(
        @NotBlank @Pattern(regexp = "https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?") @DefaultValue("http://localhost:8080")
        String issuer,

        @NotBlank @Pattern(regexp = "[\\x21-\\x7e]{1,64}") @DefaultValue("tessera")
        String audience,

        @NotNull @DurationUnit(java.time.temporal.ChronoUnit.SECONDS) @DefaultValue("5m")
        Duration lifetime,

        @NotNull @Pattern(regexp = "(/[A-Za-z0-9._~-]+)*") @DefaultValue("/api/auth")
        String publicPath,

        @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,62}") @DefaultValue("tessera-web")
        String firstPartyClientId) {

    @AssertTrue(message = "lifetime must be between 10s and 1h")
    boolean isLifetimeWithinBounds() {
        return this.lifetime == null
                || (this.lifetime.compareTo(Duration.ofSeconds(10)) >= 0
                        && this.lifetime.compareTo(Duration.ofHours(1)) <= 0);
    }
}
