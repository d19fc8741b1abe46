package dev.tessera.gateway.verify;

/** A client address has used up its budget of introspection calls; auth-service was not asked. */
public final class IntrospectionBudgetExceededException extends RuntimeException {

    private final long retryAfterSeconds;

    /**
     * Creates the exception.
     *
     * @param retryAfterSeconds when the next call will be allowed, rounded up
     */
    public IntrospectionBudgetExceededException(long retryAfterSeconds) {
        super("introspection budget exceeded", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Seconds until the next call will be allowed.
     *
     * @return at least 1
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
