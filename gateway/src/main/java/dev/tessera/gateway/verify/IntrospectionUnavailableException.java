package dev.tessera.gateway.verify;

/**
 * auth-service could not judge an opaque session token (down, too slow, or an unexpected answer): 503,
 * never 401, because the token may well be valid.
 */
public final class IntrospectionUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public IntrospectionUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
