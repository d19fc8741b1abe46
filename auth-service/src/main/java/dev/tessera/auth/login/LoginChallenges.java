package dev.tessera.auth.login;

import dev.tessera.auth.token.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The state between a login's two steps: a 256-bit random challenge (43 base64url characters) handed to the client
 * when the password was right and the account has a second factor. Only its SHA-256 is stored, with the account
 * and what the first step decided (token format, recognised device), so the second step needs nothing from the
 * client but the challenge and a code.
 *
 * <p>A challenge is <em>live</em> for {@value #LIFETIME_MINUTES} minutes, until it is used once, and until {@value
 * #MAX_FAILURES} wrong codes: then it is void and only the password starts a new one. Five minutes is time enough
 * to open an authenticator app and short enough that a challenge left behind in a browser is soon worthless.
 */
@Component
class LoginChallenges {

    static final int MAX_FAILURES = 5;

    static final int LIFETIME_MINUTES = 5;

    private static final Duration LIFETIME = Duration.ofMinutes(LIFETIME_MINUTES);

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final Clock clock;

    LoginChallenges(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores a new challenge, inside the caller's transaction, and returns its value for the client. */
    String issue(UUID accountId, TokenFormat format, UUID deviceId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = this.clock.instant();
        this.jdbc
                .sql("""
                        insert into login_challenge (challenge_hash, account_id, token_format, device_id,
                            created_at, expires_at)
                        values (:hash, :account, :format, :device, :now, :expires)""")
                .param("hash", hash(value))
                .param("account", accountId)
                .param("format", format.name())
                .param("device", deviceId)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(LIFETIME)))
                .update();
        return value;
    }

    /** The live challenge a value stands for, without locking it; empty for anything else, bad input included. */
    Optional<Challenge> find(String value) {
        return query(value, "");
    }

    /** The live challenge a value stands for, locked until the caller's transaction ends. */
    Optional<Challenge> lock(String value) {
        return query(value, " for update");
    }

    /** Counts a wrong code; the {@value #MAX_FAILURES}th makes the challenge void. */
    void failed(Challenge challenge) {
        this.jdbc
                .sql("update login_challenge set failures = failures + 1 where challenge_hash = :hash")
                .param("hash", challenge.hash())
                .update();
    }

    /** Marks the challenge used: it never works again. */
    void used(Challenge challenge) {
        this.jdbc
                .sql("update login_challenge set used_at = :now where challenge_hash = :hash")
                .param("now", Timestamp.from(this.clock.instant()))
                .param("hash", challenge.hash())
                .update();
    }

    /** Deletes challenges past their expiry (a used or void one is harmless until then). */
    int purgeExpired() {
        return this.jdbc
                .sql("delete from login_challenge where expires_at <= :now")
                .param("now", Timestamp.from(this.clock.instant()))
                .update();
    }

    private Optional<Challenge> query(String value, String lock) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return this.jdbc
                .sql("""
                        select challenge_hash, account_id, token_format, device_id from login_challenge
                        where challenge_hash = :hash and used_at is null and expires_at > :now
                            and failures < :max""" + lock)
                .param("hash", hash(value))
                .param("now", Timestamp.from(this.clock.instant()))
                .param("max", MAX_FAILURES)
                .query((rs, n) -> new Challenge(
                        rs.getBytes(1),
                        rs.getObject(2, UUID.class),
                        TokenFormat.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class)))
                .optional();
    }

    private static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A live challenge.
     *
     * @param hash its stored hash
     * @param accountId the account whose password was right
     * @param format the token format the login asked for
     * @param deviceId the known device the login presented a valid token for, or {@code null}
     */
    record Challenge(byte[] hash, UUID accountId, TokenFormat format, UUID deviceId) {

        @Override
        public String toString() {
            return "Challenge[account=" + this.accountId + "]";
        }
    }
}
