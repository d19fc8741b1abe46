package dev.tessera.testsupport;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mints passports for one audience exactly as the gateway does: the passport module's own {@link PassportSigner},
 * bound to the request's method and raw path (the query is dropped, as the gateway drops it). Every module's tests
 * that call a service directly use this one fixture, so a change to how the gateway signs is made in one place.
 */
public final class PassportMinter {

    private final PassportSigner signer;

    private final String audience;

    /**
     * @param base64Secret the passport secret the service under test is configured with (base64)
     * @param audience the service's name, e.g. {@code forum-service}
     */
    public PassportMinter(String base64Secret, String audience) {
        this(base64Secret, audience, Clock.systemUTC());
    }

    /** As {@link #PassportMinter(String, String)}, issuing at {@code clock}'s time (for expired passports). */
    public PassportMinter(String base64Secret, String audience, Clock clock) {
        this.signer =
                new PassportSigner(PassportSecrets.of(List.of(base64Secret)), clock, PassportSigner.DEFAULT_LIFETIME);
        this.audience = audience;
    }

    /** A passport carrying {@code caller}'s identity for this request. */
    public String sign(Passport caller, String method, String pathAndQuery) {
        return sign(caller, method, pathAndQuery, null);
    }

    /** As {@link #sign(Passport, String, String)}, naming the client address the gateway saw ({@code null}: none). */
    public String sign(Passport caller, String method, String pathAndQuery, String clientAddress) {
        int query = pathAndQuery.indexOf('?');
        String path = (query < 0) ? pathAndQuery : pathAndQuery.substring(0, query);
        return this.signer.sign(caller, this.audience, method, path, clientAddress);
    }

    /** A signed-in caller's passport with a fresh session id and token id. */
    public String caller(String userId, String username, Set<String> roles, String method, String pathAndQuery) {
        return sign(callerWithFreshIds(userId, username, roles), method, pathAndQuery);
    }

    /**
     * A signed-in caller's passport carrying permissions ({@code perm}), as the gateway mints it when the policy gives
     * the caller's roles these permissions in the service's namespace.
     */
    public String caller(
            String userId,
            String username,
            Set<String> roles,
            Collection<String> permissions,
            String method,
            String pathAndQuery) {
        return sign(callerWithFreshIds(userId, username, roles).withPermissions(permissions), method, pathAndQuery);
    }

    /** An anonymous passport, as the gateway mints for a public route called without a token. */
    public String anonymous(String method, String pathAndQuery) {
        return sign(Passport.anonymous(null, null, null), method, pathAndQuery);
    }

    /** A caller with random session and token ids, as after a fresh sign-in. */
    public static Passport callerWithFreshIds(String userId, String username, Set<String> roles) {
        return Passport.caller(
                userId,
                username,
                roles,
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
    }
}
