package dev.tessera.gateway.verify;

/** The access token is not acceptable (401 {@code invalid_token}); the message is for DEBUG logs only. */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    TokenRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
