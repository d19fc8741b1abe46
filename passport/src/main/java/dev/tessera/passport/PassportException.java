package dev.tessera.passport;

/**
 * A passport was refused. The {@link #reason()} says why, for logs and tests; it must not be sent to
 * the client (a 401 is all the client learns).
 */
public final class PassportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a passport was refused. */
    public enum Reason {
        /** No passport header at all. */
        MISSING,
        /** Longer than the size limit. */
        OVERSIZE,
        /** Not a compact JWS, bad encoding, or claims of the wrong shape. */
        MALFORMED,
        /** A header other than {@code alg: HS256}, {@code typ: passport+jwt} and no {@code crit}. */
        UNSUPPORTED_HEADER,
        /** The signature matches none of the configured secrets. */
        BAD_SIGNATURE,
        /** The issuer is not the gateway. */
        WRONG_ISSUER,
        /** Minted for another service. */
        WRONG_AUDIENCE,
        /** Past its expiry (beyond the allowed clock skew). */
        EXPIRED,
        /** Issued in the future (beyond the allowed clock skew), or a lifetime that is too long. */
        NOT_YET_VALID,
        /** Bound to another method or path than the request that carries it. */
        WRONG_REQUEST
    }

    private final Reason reason;

    PassportException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static PassportException because(Reason reason, String message) {
        return new PassportException(reason, message);
    }

    /**
     * Why the passport was refused.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
