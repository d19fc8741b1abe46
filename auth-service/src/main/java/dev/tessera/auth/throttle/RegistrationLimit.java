package dev.tessera.auth.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>The attempt is taken under the bucket's row lock, so parallel attempts cannot overshoot; the commit does
 * not wait for its WAL flush (as the login throttle's charge): only a crash of PostgreSQL itself may forget the
 * last fraction of a second of attempts.
 */
@Component
public class RegistrationLimit {

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final RegistrationLimitProperties properties;

    private final Clock clock;

    RegistrationLimit(
            JdbcClient jdbc, TransactionTemplate transactions, RegistrationLimitProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Takes one attempt from the client address's bucket.
     *
     * @throws TooManyRegistrationsException when it is empty (429 with Retry-After); nothing is taken
     */
    public void acquire(String clientAddress) {
        byte[] key = hash(clientAddress);
        double capacity = this.properties.maxAttempts();
        double perMilli = capacity / this.properties.period().toMillis();
        Duration wait = this.transactions.execute(status -> {
            this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
            Instant now = this.clock.instant();
            Bucket bucket = this.jdbc
                    .sql("INSERT INTO registration_limit (address_key, tokens, updated_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (address_key) DO UPDATE SET tokens = registration_limit.tokens"
                            + " RETURNING tokens, updated_at")
                    .params(key, capacity, Timestamp.from(now))
                    .query((rs, n) ->
                            new Bucket(rs.getDouble(1), rs.getTimestamp(2).toInstant()))
                    .single();
            long elapsed = Math.max(0, Duration.between(bucket.updatedAt(), now).toMillis());
            double available = Math.min(capacity, bucket.tokens() + elapsed * perMilli);
            if (available < 1) {
                return Duration.ofMillis((long) Math.ceil((1 - available) / perMilli));
            }
            this.jdbc
                    .sql("UPDATE registration_limit SET tokens = ?, updated_at = ? WHERE address_key = ?")
                    .params(available - 1, Timestamp.from(now), key)
                    .update();
            return Duration.ZERO;
        });
        if (!wait.isZero()) {
            throw new TooManyRegistrationsException(wait);
        }
    }

    /** Deletes buckets that have refilled completely (quiet for a whole period). */
    int purgeFull() {
        return this.jdbc
                .sql("DELETE FROM registration_limit WHERE updated_at < ?")
                .param(Timestamp.from(this.clock.instant().minus(this.properties.period())))
                .update();
    }

    private static byte[] hash(String clientAddress) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("registration".getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(clientAddress.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Bucket(double tokens, Instant updatedAt) {}
}
