package dev.tessera.auth.account;

import java.util.regex.Pattern;

/**
 * Role names. Roles are data (table {@code role}, administered at {@code /auth/admin/roles}); these are the three
 * built-ins every installation has, and the grammar every name follows. Names appear verbatim in the access
 * token's {@code roles} claim and in passports.
 */
public final class Role {

    /** Every account holds it: given at registration, never removed. */
    public static final String USER = "USER";

    public static final String MODERATOR = "MODERATOR";

    /** Administrators: checked against the database by every {@code /auth/admin} call. */
    public static final String ADMIN = "ADMIN";

    /** Marks the deployment's own callers in passports ({@code /internal/*}); no account may hold it. */
    public static final String RESERVED_SERVICE = "SERVICE";

    /**
     * Upper case ASCII, at most 32: the same in a token, a passport, a gateway's configuration key (environment
     * variables deliver map keys in one case) and the database (V16 checks it too).
     */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    private Role() {}

    /** Whether {@code name} is a well-formed role name an account may hold (SERVICE is reserved). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !RESERVED_SERVICE.equals(name);
    }
}
