package dev.tessera.boot;

import dev.tessera.passport.Passport;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where the verified caller is kept for the length of a request: the request (servlet) or exchange (reactive)
 * attribute named by the {@link Passport} class. Never {@code null} for the application: a request that passed the
 * filter without a passport (an exempt path) has an explicit anonymous caller.
 */
final class Callers {

    /** The attribute holding the verified {@link Passport}. */
    static final String ATTRIBUTE = Passport.class.getName();

    /** The logging-context key of the caller's id (Elastic Common Schema {@code user.id}). */
    static final String MDC_USER_ID = "user.id";

    private Callers() {}

    static Passport orAnonymous(@Nullable Object attribute, String audience) {
        if (attribute instanceof Passport verified) {
            return verified;
        }
        Instant now = Instant.now();
        return Passport.anonymous(audience, now, now);
    }
}
