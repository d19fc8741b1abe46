package dev.tessera.passport;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller of a request inside Tessera, as vouched for by the gateway.
 *
 * <p>A passport is either <em>authenticated</em> ({@link #userId()} is set) or <em>anonymous</em> (a
 * request that came through a public route without a token). Code that receives a passport never
 * receives {@code null}: anonymity is explicit. For an anonymous passport {@code userId},
 * {@code username}, {@code sessionId}, {@code tokenId} and {@code authTime} are {@code null}, and {@code roles},
 * {@code authenticationMethods} and {@code permissions} are empty.
 *
 * @param userId the user id (the access token's {@code sub}), {@code null} when anonymous
 * @param username the user's name ({@code preferred_username}), {@code null} when anonymous
 * @param roles the user's roles, e.g. {@code USER}, {@code MODERATOR}, {@code ADMIN}; never {@code null}
 * @param sessionId the refresh-token family id of the access token ({@code sid}), may be {@code null}
 * @param tokenId the access token's {@code jti} ({@code tjti} on the wire), may be {@code null}
 * @param issuedAt when the passport was issued
 * @param expiresAt when the passport expires
 * @param audience the service the passport was minted for, e.g. {@code forum-service}
 * @param clientAddress the client address the gateway saw ({@code cip} on the wire: an IP literal, decided
 *     from the connection or a configured trusted proxy), {@code null} when the passport carries none
 * @param authenticationMethods how the user authenticated for the access token ({@code amr}, RFC 8176: {@code
 *     ["pwd"]}, or {@code ["pwd", "otp"]} after a second factor); empty when anonymous or not said
 * @param authTime when the user authenticated ({@code auth_time}), {@code null} when anonymous or not said
 * @param permissions the permissions the gateway found for the caller's roles in this audience's namespace ({@code
 *     perm} on the wire, e.g. {@code forum:moderate}), sorted; at most {@value #MAX_PERMISSIONS}; empty when anonymous
 *     or none
 */
public record Passport(
        String userId,
        String username,
        Set<String> roles,
        String sessionId,
        String tokenId,
        Instant issuedAt,
        Instant expiresAt,
        String audience,
        String clientAddress,
        List<String> authenticationMethods,
        Instant authTime,
        Set<String> permissions) {

    /**
     * The most permissions one passport carries: the gateway sends the caller's permissions of one audience's
     * namespace only, and a namespace with more than this is a policy to fix (docs/passport.md, {@code perm}).
     */
    public static final int MAX_PERMISSIONS = 64;

    /** The RFC 8176 methods that are a second factor beside a password: a code, a key held, a smart card. */
    private static final Set<String> SECOND_FACTORS = Set.of("otp", "hwk", "swk", "sc", "mfa");

    public Passport {
        roles = (roles != null) ? Set.copyOf(roles) : Set.of();
        authenticationMethods = (authenticationMethods != null) ? List.copyOf(authenticationMethods) : List.of();
        permissions = (permissions != null) ? Collections.unmodifiableSet(new TreeSet<>(permissions)) : Set.of();
        if (userId != null && userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank; use Passport.anonymous(...) instead");
        }
        if (userId == null && !roles.isEmpty()) {
            throw new IllegalArgumentException("An anonymous passport has no roles");
        }
        if (userId == null && (!authenticationMethods.isEmpty() || authTime != null)) {
            throw new IllegalArgumentException("An anonymous passport has no authentication methods or time");
        }
        if (userId == null && !permissions.isEmpty()) {
            throw new IllegalArgumentException("An anonymous passport has no permissions");
        }
        if (permissions.size() > MAX_PERMISSIONS) {
            throw new IllegalArgumentException("A passport carries at most " + MAX_PERMISSIONS + " permissions");
        }
    }

    /** A passport without permissions, as before the {@code perm} claim. */
    public Passport(
            String userId,
            String username,
            Set<String> roles,
            String sessionId,
            String tokenId,
            Instant issuedAt,
            Instant expiresAt,
            String audience,
            String clientAddress,
            List<String> authenticationMethods,
            Instant authTime) {
        this(
                userId,
                username,
                roles,
                sessionId,
                tokenId,
                issuedAt,
                expiresAt,
                audience,
                clientAddress,
                authenticationMethods,
                authTime,
                Set.of());
    }

    /** A passport that does not say how or when the user authenticated. */
    public Passport(
            String userId,
            String username,
            Set<String> roles,
            String sessionId,
            String tokenId,
            Instant issuedAt,
            Instant expiresAt,
            String audience,
            String clientAddress) {
        this(
                userId,
                username,
                roles,
                sessionId,
                tokenId,
                issuedAt,
                expiresAt,
                audience,
                clientAddress,
                List.of(),
                null,
                Set.of());
    }

    /**
     * An anonymous passport.
     *
     * @param audience the service the passport is meant for
     * @param issuedAt when it was issued
     * @param expiresAt when it expires
     * @return an anonymous passport
     */
    public static Passport anonymous(String audience, Instant issuedAt, Instant expiresAt) {
        return new Passport(null, null, Set.of(), null, null, issuedAt, expiresAt, audience, null);
    }

    /**
     * The identity of an authenticated caller, before a signer gives it a time and an audience; used
     * by the gateway to build what {@link PassportSigner#sign} needs.
     *
     * @param userId the user id, not blank
     * @param username the user's name
     * @param roles the roles
     * @param sessionId the access token's {@code sid}
     * @param tokenId the access token's {@code jti}
     * @return an authenticated passport without time or audience
     */
    public static Passport caller(String userId, String username, Set<String> roles, String sessionId, String tokenId) {
        return caller(userId, username, roles, sessionId, tokenId, List.of(), null);
    }

    /**
     * As {@link #caller(String, String, Set, String, String)}, saying how and when the user authenticated.
     *
     * @param authenticationMethods the access token's {@code amr}
     * @param authTime the access token's {@code auth_time}, may be {@code null}
     * @return an authenticated passport without time or audience
     */
    public static Passport caller(
            String userId,
            String username,
            Set<String> roles,
            String sessionId,
            String tokenId,
            List<String> authenticationMethods,
            Instant authTime) {
        Objects.requireNonNull(userId, "userId");
        return new Passport(
                userId, username, roles, sessionId, tokenId, null, null, null, null, authenticationMethods, authTime);
    }

    /**
     * This caller with the permissions the gateway found for one audience (what the signer writes as {@code perm}).
     *
     * @param granted the permissions, at most {@value #MAX_PERMISSIONS}
     * @return a copy with {@link #permissions()} replaced
     * @throws IllegalArgumentException for an anonymous caller with permissions, or too many of them
     */
    public Passport withPermissions(Collection<String> granted) {
        return new Passport(
                userId,
                username,
                roles,
                sessionId,
                tokenId,
                issuedAt,
                expiresAt,
                audience,
                clientAddress,
                authenticationMethods,
                authTime,
                (granted != null) ? Set.copyOf(granted) : Set.of());
    }

    /**
     * Whether the user authenticated with a second factor ({@code amr} names one: {@code otp}, {@code hwk}, {@code
     * swk}, {@code sc} or {@code mfa}).
     *
     * @return {@code true} for a login with a second factor
     */
    public boolean secondFactor() {
        return namesSecondFactor(authenticationMethods);
    }

    /**
     * Whether a list of authentication methods ({@code amr}) names a second factor beside a password: {@code otp},
     * {@code hwk}, {@code swk}, {@code sc} or {@code mfa}. The one definition for passports and for the gateway's
     * verified tokens.
     *
     * @param methods RFC 8176 method names
     * @return {@code true} if one of them is a second factor
     */
    public static boolean namesSecondFactor(Collection<String> methods) {
        return methods.stream().anyMatch(SECOND_FACTORS::contains);
    }

    /**
     * Whether the passport names a user.
     *
     * @return {@code true} for an authenticated caller, {@code false} for an anonymous one
     */
    public boolean isAuthenticated() {
        return userId != null;
    }

    /**
     * Whether the caller holds a role. An anonymous caller holds none.
     *
     * @param role the role, e.g. {@code ADMIN}
     * @return {@code true} if the role is among {@link #roles()}
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether the gateway found the permission for the caller: one of the caller's roles grants it in auth-service's
     * policy, and it lies in this service's namespace. An anonymous caller holds none.
     *
     * @param permission the permission, e.g. {@code forum:moderate}
     * @return {@code true} if it is among {@link #permissions()}
     */
    public boolean hasPermission(String permission) {
        return permissions.contains(permission);
    }
}
