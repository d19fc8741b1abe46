package dev.tessera.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration attempts per client address, in PostgreSQL (shared by replicas): a token bucket of {@code
 * max-attempts} refilled evenly over {@code period}.
 *
 * <p>Why: a username must be unique, so registration has to say "taken" (409) somewhere, and that answer tells
 * whether an account exists. Checking names through registration is made slow (ten a hour per address by
 * default) and observable ({@code tessera.auth.registrations{outcome=throttled}}), while a person signing up
 * still gets a clear answer. A refused attempt is 429 with {@code Retry-After}, the same whether the name was
 * free or taken, and is decided before the name is looked up.
 *
 * <p>The buckets are {@link TokenBuckets}: taken under a row lock, shared by replicas.
 */
@Component
public class RegistrationLimit {

    private final TokenBuckets buckets;

    private final RegistrationLimitProperties properties;

    RegistrationLimit(
            JdbcClient jdbc, TransactionTemplate transactions, RegistrationLimitProperties properties, Clock clock) {
        this.buckets = new TokenBuckets(jdbc, transactions, clock, "registration_limit", "address_key");
        this.properties = properties;
    }

    /**
     * Takes one attempt from the client address's bucket.
     *
     * @throws TooManyRegistrationsException when it is empty (429 with Retry-After); nothing is taken
     */
    public void acquire(String clientAddress) {
        Duration wait = this.buckets.take(
                TokenBuckets.key("registration", clientAddress),
                this.properties.maxAttempts(),
                this.properties.period());
        if (!wait.isZero()) {
            throw new TooManyRegistrationsException(wait);
        }
    }

    /** Deletes buckets that have refilled completely (quiet for a whole period). */
    int purgeFull() {
        return this.buckets.purgeFull(this.properties.period());
    }
}
