package dev.tessera.auth.token;

import java.util.Locale;
import java.util.Optional;

/**
 * What a login hands out as its access token, chosen per login ({@code token_format}) and kept by
 * every refresh of that login's family.
 */
public enum TokenFormat {

    /** Scheme B: a signed JWT the gateway verifies locally (the default). */
    JWT,

    /** Scheme A: an opaque session token the gateway introspects at auth-service. */
    OPAQUE;

    /** {@code jwt} or {@code opaque} (any case); empty for anything else. */
    public static Optional<TokenFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "jwt" -> Optional.of(JWT);
            case "opaque" -> Optional.of(OPAQUE);
            default -> Optional.empty();
        };
    }
}
