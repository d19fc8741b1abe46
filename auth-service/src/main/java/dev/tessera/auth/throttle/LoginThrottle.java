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
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failed-login counters in PostgreSQL, shared by all replicas, arranged so that failures from one client
 * never make a correct password from another client fail (docs/threat-model.md K4; OWASP "device cookies").
 *
 * <p>A login that presents a valid device token for the named account (a <em>known device</em>) is counted
 * only under that device: no failure elsewhere can refuse it. Every other login (an <em>unknown device</em>)
 * is counted under three keys: the pair of account and client address (a client that keeps failing waits
 * longer and longer; the only counter that fills quickly), the client address alone (one client spraying
 * many accounts), and the account alone (a generous cap across all clients, so spraying one account from
 * many addresses is still slowed; when it trips, unknown devices are refused and known devices still log
 * in). One client alone can never fill the account-wide cap however long it keeps failing: its own counter
 * holds it to one attempt per {@code max-delay} at most, and a counter that is not locked starts over after
 * {@code window} (at most {@code max-delay}) without attempts. A device counter
 * that trips sends its device down the unknown-device path: a stolen device token buys no more guesses than
 * a few per lock, and its owner still has every other way in.
 *
 * <p>Every attempt is charged as a failure <em>before</em> the password is checked, under a row lock, and
 * settled when it succeeds. So a burst of parallel guesses cannot slip past a limit while the first ones are
 * still hashing: exactly {@code max} attempts are let through, the rest get 429 at once. Once a counter
 * reaches its limit, each further charged attempt locks the key for {@code baseDelay * 2^(failures - max)},
 * capped at {@code maxDelay}; attempts during a lock are refused without being counted, so nobody can extend
 * a lock beyond that. A counter starts over after {@code window} without attempts <em>after its lock
 * ended</em>: a client that fails once per lock stays at the longest delay instead of earning a fresh
 * allowance.
 *
 * <p>A success resets the counters that only the successful party can fill (the account-and-client pair,
 * the device, the password-change counter) but only refunds its own charge on the shared ones (the client
 * address, the account cap): an attacker with one valid account must not be able to wash an address clean
 * between guesses, and a user logging in must not reopen the account cap to a botnet.
 *
 * <p>Unknown usernames are counted exactly like real ones (keys are derived from the canonical name, not
 * the account id), so the throttle never tells which names exist. Keys are SHA-256 of a scope and the
 * values, never the name or address in clear.
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
     * Charges a login from an unknown device: the account-and-client pair, the client address and the
     * account-wide cap.
     *
     * @throws TooManyAttemptsException when any of them is locked (429 with Retry-After); nothing is charged
     */
    public Attempt begin(String usernameKey, String clientAddress) {
        Attempt attempt = new Attempt(List.of(
                new Counter(
                        hash("client", usernameKey, clientAddress), this.properties.clientMaxFailures(), Settle.RESET),
                new Counter(hash("address", clientAddress), this.properties.addressMaxFailures(), Settle.REFUND),
                new Counter(hash("account", usernameKey), this.properties.accountMaxFailures(), Settle.REFUND)));
        this.transactions.executeWithoutResult(status -> {
            Duration wait = chargeUnlessLocked(attempt);
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
        });
        return attempt;
    }

    /**
     * Charges a login from a known device to that device alone.
     *
     * @return the attempt, or empty when the device's own counter is locked (nothing charged): the login
     *     then goes on as from an unknown device
     */
    public Optional<Attempt> beginKnownDevice(UUID deviceId) {
        Attempt attempt = new Attempt(List.of(
                new Counter(hash("device", deviceId.toString()), this.properties.deviceMaxFailures(), Settle.RESET)));
        boolean charged = Boolean.TRUE.equals(
                this.transactions.execute(status -> chargeUnlessLocked(attempt).isZero()));
        return charged ? Optional.of(attempt) : Optional.empty();
    }

    /**
     * Charges a password change (the current password typed wrong) to the account itself. Only someone
     * holding a session of the account can charge this counter, so login failures elsewhere never block it.
     *
     * @throws TooManyAttemptsException when it is locked (429 with Retry-After); nothing is charged
     */
    public Attempt beginPasswordChange(UUID accountId) {
        Attempt attempt = new Attempt(List.of(new Counter(
                hash("password-change", accountId.toString()), this.properties.clientMaxFailures(), Settle.RESET)));
        this.transactions.executeWithoutResult(status -> {
            Duration wait = chargeUnlessLocked(attempt);
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
        });
        return attempt;
    }

    /**
     * Charges a second-factor code (the second step of a login, or a code that renews recovery codes) to the
     * account itself. Only someone who knows the password or holds a session can charge it, and a right password
     * does not reset it, so a password holder cannot buy fresh guesses at the code with fresh challenges: five
     * wrong codes and each further try waits longer and longer, as a login does.
     *
     * @throws TooManyAttemptsException when it is locked (429 with Retry-After); nothing is charged
     */
    public Attempt beginSecondFactor(UUID accountId) {
        Attempt attempt = new Attempt(List.of(new Counter(
                hash("second-factor", accountId.toString()), this.properties.clientMaxFailures(), Settle.RESET)));
        this.transactions.executeWithoutResult(status -> {
            Duration wait = chargeUnlessLocked(attempt);
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
        });
        return attempt;
    }

    /**
     * Charges a password-less (passkey) login to the client address alone: the same counter a password login from
     * that address fills, so one client cannot alternate between the two for twice the guesses. There is no account
     * to charge before the assertion is verified; a passkey cannot be guessed, so this bounds load and noise.
     *
     * @throws TooManyAttemptsException when it is locked (429 with Retry-After); nothing is charged
     */
    public Attempt beginPasskeyLogin(String clientAddress) {
        Attempt attempt = new Attempt(List.of(
                new Counter(hash("address", clientAddress), this.properties.addressMaxFailures(), Settle.REFUND)));
        this.transactions.executeWithoutResult(status -> {
            Duration wait = chargeUnlessLocked(attempt);
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
        });
        return attempt;
    }

    /**
     * Charges a machine client's authentication at the token endpoint: the pair of client id and client address
     * (a caller that keeps presenting a wrong secret waits longer and longer) and the client address alone (one
     * caller trying many client ids). There is deliberately no counter per client id alone: failures from
     * elsewhere must never lock out the real service holding the right secret. Unknown client ids are counted
     * like known ones. The secrets are 256-bit random values, so this bounds noise and load, not guessing.
     *
     * @throws TooManyAttemptsException when either is locked (429 with Retry-After); nothing is charged
     */
    public Attempt beginClientAuthentication(String clientId, String clientAddress) {
        Attempt attempt = new Attempt(List.of(
                new Counter(
                        hash("machine-client", clientId, clientAddress),
                        this.properties.clientMaxFailures(),
                        Settle.RESET),
                new Counter(
                        hash("machine-client-address", clientAddress),
                        this.properties.addressMaxFailures(),
                        Settle.REFUND)));
        this.transactions.executeWithoutResult(status -> {
            Duration wait = chargeUnlessLocked(attempt);
            if (!wait.isZero()) {
                throw new TooManyAttemptsException(wait);
            }
        });
        return attempt;
    }

    /** The password was right: reset what only this party fills, refund the charge on shared counters. */
    public void succeeded(Attempt attempt) {
        this.transactions.executeWithoutResult(status -> {
            // Same order as the charge takes the row locks, so a concurrent attempt cannot deadlock with us.
            for (Counter counter : attempt.counters()) {
                if (counter.settle() == Settle.RESET) {
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

    /** The attempt was never decided (no hashing slot, invalid input): refund every charge. */
    public void abandoned(Attempt attempt) {
        this.transactions.executeWithoutResult(status -> attempt.counters().forEach(this::refund));
    }

    /** Deletes counters that have been quiet for a whole window after their lock ended. */
    int purgeStale() {
        Instant cutoff = this.clock.instant().minus(this.properties.window());
        return this.jdbc
                .sql("DELETE FROM login_throttle WHERE last_attempt_at < ?"
                        + " AND (locked_until IS NULL OR locked_until < ?)")
                .params(Timestamp.from(cutoff), Timestamp.from(cutoff))
                .update();
    }

    /**
     * Locks the attempt's rows in key order and charges every counter, unless one is locked.
     *
     * @return zero when charged, else the longest remaining lock (nothing charged)
     */
    private Duration chargeUnlessLocked(Attempt attempt) {
        this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
        Instant now = this.clock.instant();
        List<Row> rows = attempt.counters().stream()
                .map(counter -> lockRow(counter, now))
                .toList();
        Duration wait = Duration.ZERO;
        for (Row row : rows) {
            if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) {
                Duration remaining = Duration.between(now, row.lockedUntil());
                wait = (remaining.compareTo(wait) > 0) ? remaining : wait;
            }
        }
        if (wait.isZero()) {
            for (int i = 0; i < rows.size(); i++) {
                charge(attempt.counters().get(i), rows.get(i), now);
            }
        }
        return wait;
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
        Instant quietSince = (row.lockedUntil() != null && row.lockedUntil().isAfter(row.lastAttemptAt()))
                ? row.lockedUntil()
                : row.lastAttemptAt();
        boolean quiet = !quietSince.plus(this.properties.window()).isAfter(now);
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

    /** SHA-256 of the scope and the values, each followed by a zero byte (no two inputs share a key). */
    private static byte[] hash(String scope, String... values) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(scope.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < values.length; i++) {
                digest.update((byte) 0);
                digest.update(values[i].getBytes(StandardCharsets.UTF_8));
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A charged attempt, to be settled with {@link #succeeded} or {@link #abandoned}. */
    public static final class Attempt {

        private final List<Counter> counters;

        Attempt(List<Counter> counters) {
            // Row locks are always taken in key order, in every transaction.
            this.counters = counters.stream()
                    .sorted(Comparator.comparing(Counter::key, Arrays::compareUnsigned))
                    .toList();
        }

        List<Counter> counters() {
            return this.counters;
        }
    }

    /** How a counter is settled when its attempt succeeds. */
    enum Settle {
        /** Only the successful party fills it: start over. */
        RESET,
        /** Shared with others (an attacker among them): take back this attempt's charge only. */
        REFUND
    }

    record Counter(byte[] key, int max, Settle settle) {}

    private record Row(int failures, Instant lastAttemptAt, Instant lockedUntil) {}
}
