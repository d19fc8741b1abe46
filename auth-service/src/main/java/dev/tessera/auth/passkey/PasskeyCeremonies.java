package dev.tessera.auth.passkey;

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
 * The state between a passkey options request and its answer: a 256-bit random WebAuthn challenge, kept with what
 * the ceremony is for. The client holds a separate 256-bit ceremony value (43 base64url characters); only its
 * SHA-256 is stored.
 *
 * <p>A ceremony is single-use: {@link #consume} deletes its row and only then does the caller verify, outside any
 * transaction of the caller's (auto-commit), so a ceremony is gone whether its verification succeeds, fails or the
 * request dies half-way. A ceremony is live for {@value #LIFETIME_MINUTES} minutes, the {@code timeout} the options
 * tell the browser: time for a person to find a security key, short enough that a challenge left behind is soon
 * worthless.
 */
@Component
class PasskeyCeremonies {

    static final int LIFETIME_MINUTES = 5;

    static final Duration LIFETIME = Duration.ofMinutes(LIFETIME_MINUTES);

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final Clock clock;

    PasskeyCeremonies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    enum Purpose {
        REGISTRATION("registration"),
        SECOND_FACTOR("second_factor"),
        LOGIN("login");

        final String column;

        Purpose(String column) {
            this.column = column;
        }
    }

    /** A new ceremony: the value for the client and the challenge for the options. */
    record Started(String value, byte[] challenge) {

        @Override
        public String toString() {
            return "Started[<redacted>]";
        }
    }

    /** A consumed ceremony's challenge and account (registration only). */
    record Consumed(byte[] challenge, UUID accountId) {

        @Override
        public String toString() {
            return "Consumed[account=" + this.accountId + "]";
        }
    }

    /** Stores a registration ceremony of an account. */
    Started startRegistration(UUID accountId) {
        return insert(Purpose.REGISTRATION, accountId, null);
    }

    /** Stores a password-less login ceremony. */
    Started startLogin() {
        return insert(Purpose.LOGIN, null, null);
    }

    /**
     * Stores the ceremony of a login's second step, replacing an earlier one for the same login challenge: one live
     * ceremony per password step, so the second step needs no ceremony value of its own.
     */
    byte[] startSecondFactor(byte[] loginChallengeHash) {
        byte[] challenge = random();
        Instant now = this.clock.instant();
        this.jdbc
                .sql("""
                        insert into passkey_ceremony (ceremony_hash, purpose, challenge, login_challenge_hash,
                            created_at, expires_at)
                        values (:hash, 'second_factor', :challenge, :login, :now, :expires)
                        on conflict (login_challenge_hash) do update
                            set challenge = excluded.challenge, created_at = excluded.created_at,
                                expires_at = excluded.expires_at""")
                // The row is found by its login challenge; its own key only has to be unique.
                .param("hash", random())
                .param("challenge", challenge)
                .param("login", loginChallengeHash)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(LIFETIME)))
                .update();
        return challenge;
    }

    /** Deletes the ceremony a value stands for and answers it if it was live and for this purpose. */
    Optional<Consumed> consume(Purpose purpose, String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return live(this.jdbc
                .sql("""
                        delete from passkey_ceremony where ceremony_hash = :hash and purpose = :purpose
                        returning challenge, account_id, expires_at""")
                .param("hash", hash(value))
                .param("purpose", purpose.column)
                .query((rs, n) -> new Row(
                        rs.getBytes(1),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant()))
                .optional());
    }

    /** Deletes the second-step ceremony of a login challenge and answers it if it was live. */
    Optional<Consumed> consumeSecondFactor(byte[] loginChallengeHash) {
        return live(this.jdbc
                .sql("""
                        delete from passkey_ceremony where login_challenge_hash = :login
                        returning challenge, account_id, expires_at""")
                .param("login", loginChallengeHash)
                .query((rs, n) ->
                        new Row(rs.getBytes(1), null, rs.getTimestamp(3).toInstant()))
                .optional());
    }

    /** Deletes ceremonies past their expiry (never live again). */
    int purgeExpired() {
        return this.jdbc
                .sql("delete from passkey_ceremony where expires_at <= :now")
                .param("now", Timestamp.from(this.clock.instant()))
                .update();
    }

    private Optional<Consumed> live(Optional<Row> row) {
        Instant now = this.clock.instant();
        return row.filter(found -> found.expiresAt().isAfter(now))
                .map(found -> new Consumed(found.challenge(), found.accountId()));
    }

    private Started insert(Purpose purpose, UUID accountId, byte[] loginChallengeHash) {
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random());
        byte[] challenge = random();
        Instant now = this.clock.instant();
        this.jdbc
                .sql("""
                        insert into passkey_ceremony (ceremony_hash, purpose, challenge, account_id,
                            login_challenge_hash, created_at, expires_at)
                        values (:hash, :purpose, :challenge, :account, :login, :now, :expires)""")
                .param("hash", hash(value))
                .param("purpose", purpose.column)
                .param("challenge", challenge)
                .param("account", accountId)
                .param("login", loginChallengeHash)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(LIFETIME)))
                .update();
        return new Started(value, challenge);
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Row(byte[] challenge, UUID accountId, Instant expiresAt) {}
}
