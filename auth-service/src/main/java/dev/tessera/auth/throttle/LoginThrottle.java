package dev.tessera.auth.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failed-login counters in PostgreSQL, per canonical username and per client address, shared by all
 * replicas.
 *
 * <p>Every attempt is charged as a failure <em>before</em> the password is checked, under a row lock,
 * and refunded when it succeeds. So a burst of parallel guesses cannot slip past the limit while the
 * first ones are still hashing: exactly {@code max} attempts are let through, the rest get 429 at
 * once. Once a counter reaches its limit, each further charged attempt locks the key for {@code
 * baseDelay * 2^(failures - max)}, capped at {@code maxDelay}; attempts during a lock are refused
 * without being counted, so an attacker cannot extend a lock beyond that. A counter starts over after
 * {@code window} without attempts.
 *
 * <p>A success resets the username's counter but only refunds its own charge on the address counter:
 * an attacker with one valid account must not be able to wash an address clean between guesses.
 *
 * <p>The charge commits without waiting for its WAL flush ({@code synchronous_commit = off} for that one
 * transaction): the row lock still orders parallel attempts exactly, and other sessions see the charge at
 * once; only a crash of PostgreSQL itself (not of auth-service) may forget the last fraction of a second of
 * charges. That saves one disk flush (≈ 3 ms here) in front of every password check.
 */
@Component
public class LoginThrottle {

    private static final int MAX_DOUBLINGS = 20;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ThrottleProperties properties;

    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, TransactionTemplate transactions, ThrottleProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Charges one attempt to the username and the address.
     *
     * @throws TooManyAttemptsException when either is locked (429 with Retry-After); nothing is charged
     */
    public Attempt begin(String usernameKey, String clientAddress) {
        Counter account = new Counter(hash("account", usernameKey), this.properties.accountMaxFailures());
        Counter address = new Counter(hash("address", clientAddress), this.properties.addressMaxFailures());
        Attempt attempt = new Attempt(account, address);
        List<Counter> counters = attempt.inLockOrder();
        this.transactions.executeWithoutResult(status -> {
            this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
            Instant now = this.clock.instant();
            List<Row> rows =
                    counters.stream().map(counter -> lockRow(counter, now)).toList();
            Duration wait = Duration.ZERO;
            for (Row row : rows) {
                if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
                    Duration remaining = Duration.between(now, row.lockedUntil());
                    wait = (remaining.compareTo(wait) > 0) ? remaining : wait;
                }
            }
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
            for (int i = 0; i < counters.size(); i++) {
                charge(counters.get(i), rows.get(i), now);
            }
        });
        return attempt;
    }

    /** The password was right: reset the username's counter, refund the address's charge. */
    public void succeeded(Attempt attempt) {
        this.transactions.executeWithoutResult(status -> {
            // Same order as begin() takes the row locks, so a concurrent attempt cannot deadlock with us.
            for (Counter counter : attempt.inLockOrder()) {
                if (counter == attempt.account()) {
                    this.jdbc
                            .sql("DELETE FROM login_throttle WHERE throttle_key = ?")
                            .param(counter.key())
                            .update();
                } else {
                    refund(counter);
                }
            }
        });
    }

    /** The attempt was never decided (no hashing slot): refund both charges. */
    public void abandoned(Attempt attempt) {
        this.transactions.executeWithoutResult(status -> attempt.inLockOrder().forEach(this::refund));
    }

    /** Deletes counters that have been quiet for a whole window and are not locked. */
    int purgeStale() {
        Instant now = this.clock.instant();
        return this.jdbc
                .sql("DELETE FROM login_throttle WHERE last_attempt_at < ?"
                        + " AND (locked_until IS NULL OR locked_until < ?)")
                .params(Timestamp.from(now.minus(this.properties.window())), Timestamp.from(now))
                .update();
    }

    /**
     * Creates the counter if needed and locks it, in one statement: the no-op DO UPDATE takes the row
     * lock and returns the row even if it already existed (and cannot race with the purge, as a
     * separate INSERT and SELECT ... FOR UPDATE could).
     */
    private Row lockRow(Counter counter, Instant now) {
        return this.jdbc
                .sql("INSERT INTO login_throttle (throttle_key, failures, last_attempt_at) VALUES (?, 0, ?)"
                        + " ON CONFLICT (throttle_key) DO UPDATE SET failures = login_throttle.failures"
                        + " RETURNING failures, last_attempt_at, locked_until")
                .params(counter.key(), Timestamp.from(now))
                .query((rs, n) -> new Row(
                        rs.getInt(1),
                        rs.getTimestamp(2).toInstant(),
                        (rs.getTimestamp(3) != null) ? rs.getTimestamp(3).toInstant() : null))
                .single();
    }

    private void charge(Counter counter, Row row, Instant now) {
        boolean quiet = !row.lastAttemptAt().plus(this.properties.window()).isAfter(now);
        int failures = (quiet ? 0 : row.failures()) + 1;
        Instant lockedUntil = (failures >= counter.max()) ? now.plus(delay(failures - counter.max())) : null;
        this.jdbc
                .sql("UPDATE login_throttle SET failures = ?, last_attempt_at = ?, locked_until = ?"
                        + " WHERE throttle_key = ?")
                .params(
                        failures,
                        Timestamp.from(now),
                        (lockedUntil != null) ? Timestamp.from(lockedUntil) : null,
                        counter.key())
                .update();
    }

    private void refund(Counter counter) {
        this.jdbc
                .sql("UPDATE login_throttle SET failures = GREATEST(failures - 1, 0),"
                        + " locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END"
                        + " WHERE throttle_key = ?")
                .params(counter.max(), counter.key())
                .update();
    }

    Duration delay(int beyondLimit) {
        Duration delay = this.properties.baseDelay().multipliedBy(1L << Math.min(beyondLimit, MAX_DOUBLINGS));
        return (delay.compareTo(this.properties.maxDelay()) > 0) ? this.properties.maxDelay() : delay;
    }

    private static byte[] hash(String scope, String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(scope.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A charged attempt, to be settled with {@link #succeeded} or {@link #abandoned}. */
    public record Attempt(Counter account, Counter address) {

        /** Row locks are always taken in key order, in every transaction. */
        List<Counter> inLockOrder() {
            return List.of(this.account, this.address).stream()
                    .sorted(Comparator.comparing(Counter::key, Arrays::compareUnsigned))
                    .toList();
        }
    }

    record Counter(byte[] key, int max) {}

    private record Row(int failures, Instant lastAttemptAt, Instant lockedUntil) {}
}
