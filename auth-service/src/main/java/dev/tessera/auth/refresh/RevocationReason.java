package dev.tessera.auth.refresh;

/** Why a refresh family stopped working; stored with the family for audit. */
public enum RevocationReason {
    LOGOUT,
    LOGOUT_ALL,
    REUSE_DETECTED,
    ACCOUNT_DISABLED,
    PASSWORD_CHANGED,
    /** A password-reset link set a new password: every session ends. */
    PASSWORD_RESET,
    ADMIN_REVOKED
}
