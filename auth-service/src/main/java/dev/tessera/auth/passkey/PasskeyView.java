package dev.tessera.auth.passkey;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered passkey as its owner sees it. No key material: the credential id identifies it to a browser only.
 *
 * @param id Tessera's id for it (the path of rename and delete)
 * @param name the name its owner gave it
 * @param aaguid the authenticator model's AAGUID ({@code 00000000-...} when the authenticator does not say)
 * @param transports the browser's transport hints ({@code usb}, {@code nfc}, {@code ble}, {@code hybrid},
 *     {@code internal})
 * @param synced whether the authenticator may back it up to other devices (WebAuthn's backup eligibility)
 * @param createdAt when it was registered
 * @param lastUsedAt when it last signed a login, or {@code null}
 */
public record PasskeyView(
        UUID id,
        String name,
        UUID aaguid,
        List<String> transports,
        boolean synced,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_used_at") Instant lastUsedAt) {}
