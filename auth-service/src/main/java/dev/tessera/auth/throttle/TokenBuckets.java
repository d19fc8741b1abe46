package dev.tessera.auth.throttle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Token buckets in a PostgreSQL table of {@code (<key column> bytea, tokens, updated_at)}, shared by replicas:
 * {@code capacity} attempts at once, refilled evenly over {@code period}. Keys are SHA-256 of a scope and a value,
 * never the value itself.
 *
 * <p>An attempt is taken under the bucket's row lock, so parallel attempts cannot overshoot; the commit does not
 * wait for its WAL flush (as the login throttle's charge): only a crash of PostgreSQL itself may forget the last
 * fraction of a second of attempts.
 */
final class TokenBuckets {

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final String table;

    private final String keyColumn;

    TokenBuckets(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, String table, String keyColumn) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** Takes one token; answers zero, or how long until one is there (then nothing is taken). */
    Duration take(byte[] key, int capacity, Duration period) {
        double perMilli = (double) capacity / period.toMillis();
        return this.transactions.execute(status -> {
            this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
            Instant now = this.clock.instant();
            Bucket bucket = this.jdbc
                    .sql("INSERT INTO " + this.table + " (" + this.keyColumn + ", tokens, updated_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (" + this.keyColumn + ") DO UPDATE SET tokens = " + this.table + ".tokens"
                            + " RETURNING tokens, updated_at")
                    .params(key, (double) capacity, Timestamp.from(now))
                    .query((rs, n) ->
                            new Bucket(rs.getDouble(1), rs.getTimestamp(2).toInstant()))
                    .single();
            long elapsed = Math.max(0, Duration.between(bucket.updatedAt(), now).toMillis());
            double available = Math.min(capacity, bucket.tokens() + elapsed * perMilli);
            if (available < 1) {
                return Duration.ofMillis((long) Math.ceil((1 - available) / perMilli));
            }
            this.jdbc
                    .sql("UPDATE " + this.table + " SET tokens = ?, updated_at = ? WHERE " + this.keyColumn + " = ?")
                    .params(available - 1, Timestamp.from(now), key)
                    .update();
            return Duration.ZERO;
        });
    }

    /** Deletes buckets that have refilled completely (quiet for a whole period). */
    int purgeFull(Duration period) {
        return this.jdbc
                .sql("DELETE FROM " + this.table + " WHERE updated_at < ?")
                .param(Timestamp.from(this.clock.instant().minus(period)))
                .update();
    }

    /** A refill period between a minute (shorter is no limit) and a day (longer outlives any purge). */
    static boolean isPeriodSane(Duration period) {
        return period.compareTo(Duration.ofMinutes(1)) >= 0 && period.compareTo(Duration.ofDays(1)) <= 0;
    }

    /** SHA-256 of the scope, a zero byte and the value (no two scopes share a key). */
    static byte[] key(String scope, String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(scope.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Bucket(double tokens, Instant updatedAt) {}
}
