package dev.tessera.auth.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A signing key as administrators see it: never key material, public or private.
 *
 * @param kid the key id tokens name in their header
 * @param algorithm RS256 or ES256
 * @param status {@code next} (published, signs from {@code activatesAt}), {@code active} (signs now) or
 *     {@code retired} (signs no more, still published until every token it signed has expired)
 * @param createdAt when it was generated
 * @param activatesAt when it started (or starts) signing
 */
public record KeyView(
        String kid,
        String algorithm,
        String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("activates_at") Instant activatesAt) {}
