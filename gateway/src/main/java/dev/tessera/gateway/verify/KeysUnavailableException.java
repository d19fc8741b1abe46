package dev.tessera.gateway.verify;

/** No key set has ever been loaded, so no token can be judged: 503, not 401. */
public final class KeysUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    KeysUnavailableException() {
        super("No signing keys loaded yet", null, false, false);
    }
}
