package dev.tessera.auth.account;

/** The roles an account can hold; names appear verbatim in the access token's {@code roles} claim. */
public enum Role {
    USER,
    MODERATOR,
    ADMIN
}
