package dev.tessera.auth.passkey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relying party passkeys are bound to ({@code tessera.auth.webauthn}).
 *
 * @param rpId the RP ID: the registrable domain the browser scopes credentials to, the host of the pages that call
 *     {@code navigator.credentials} or a suffix of it (default {@code localhost}; env {@code
 *     TESSERA_AUTH_WEBAUTHN_RP_ID}). Changing it later orphans every registered passkey
 * @param rpName the name authenticators show next to the account (default {@code Tessera})
 * @param origins the exact origins ({@code scheme://host[:port]}) whose pages may answer a ceremony; empty (the
 *     default) means the origin of {@code tessera.auth.token.issuer}, the gateway's public base URL, which is where
 *     the web pages are served
 */
@Validated
@ConfigurationProperties("tessera.auth.webauthn")
public record WebAuthnProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9.-]{1,253}") @DefaultValue("localhost")
        String rpId,

        @NotBlank @Pattern(regexp = "[^\\p{Cntrl}]{1,64}") @DefaultValue("Tessera")
        String rpName,

        @NotNull @DefaultValue List<@Pattern(regexp = "https?://[^/?#\\s]+") String> origins) {}
