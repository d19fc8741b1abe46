package dev.tessera.auth.recovery;

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
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use links: 256 random bits, base64url (43 characters); only their SHA-256 is stored, so a copy of the
 * database opens no account. A new link of one purpose replaces the account's earlier unused one.
 */
@Component
class RecoveryTokens {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a link is for; a link of one purpose never works for the other. */
    enum Purpose {
        VERIFY_EMAIL("verify-email"),
        RESET_PASSWORD("reset-password");

        private final String page;

        Purpose(String page) {
            this.page = page;
        }

        /** The web page the link opens ({@code /#/<page>?token=…}), also the name of its message. */
        String page() {
            return this.page;
        }
    }

    /** A stored link: whose it is and, for a verification, which address it verifies. */
    record Link(byte[] hash, UUID accountId, String address, Instant expiresAt, Instant usedAt) {}

    private final JdbcClient jdbc;

    private final Clock clock;

    RecoveryTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A fresh token; {@link #store} it, or drop it (the same work whether or not a link is sent). */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Stores a token's hash, and ends the account's earlier unused links of the same purpose. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void store(String token, UUID accountId, Purpose purpose, String address, Duration lifetime) {
        Instant now = this.clock.instant();
        endUnused(accountId, purpose);
        this.jdbc
                .sql("INSERT INTO recovery_token (token_hash, account_id, purpose, address, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        hash(token),
                        accountId,
                        purpose.name(),
                        address,
                        Timestamp.from(now),
                        Timestamp.from(now.plus(lifetime)))
                .update();
    }

    /**
     * The link for a presented token.
     *
     * @throws InvalidLinkException when the token is malformed, unknown, of another purpose or already used (400)
     * @throws ExpiredLinkException when it expired (410)
     */
    Link find(String token, Purpose purpose) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            throw new InvalidLinkException();
        }
        Optional<Link> link = this.jdbc
                .sql("SELECT token_hash, account_id, address, expires_at, used_at FROM recovery_token"
                        + " WHERE token_hash = ? AND purpose = ?")
                .params(hash(token), purpose.name())
                .query((rs, n) -> new Link(
                        rs.getBytes(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        (rs.getTimestamp(5) != null) ? rs.getTimestamp(5).toInstant() : null))
                .optional();
        if (link.isEmpty() || link.get().usedAt() != null) {
            throw new InvalidLinkException();
        }
        if (!link.get().expiresAt().isAfter(this.clock.instant())) {
            throw new ExpiredLinkException();
        }
        return link.get();
    }

    /**
     * Marks the link used, in the caller's transaction; only one of two concurrent presentations wins.
     *
     * @throws InvalidLinkException when it was used (or expired) meanwhile; the caller's transaction rolls back
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void consume(Link link) {
        int used = this.jdbc
                .sql(
                        "UPDATE recovery_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
                .params(Timestamp.from(this.clock.instant()), link.hash(), Timestamp.from(this.clock.instant()))
                .update();
        if (used != 1) {
            throw new InvalidLinkException();
        }
    }

    /** Ends every unused link of the account for this purpose (a new link, or a password just reset). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void endUnused(UUID accountId, Purpose purpose) {
        this.jdbc
                .sql("UPDATE recovery_token SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL")
                .params(Timestamp.from(this.clock.instant()), accountId, purpose.name())
                .update();
    }

    /** Deletes links a day after they expired (kept that long so a late click still reads "expired"). */
    void purgeEnded() {
        this.jdbc
                .sql("DELETE FROM recovery_token WHERE expires_at < ?")
                .param(Timestamp.from(this.clock.instant().minus(Duration.ofDays(1))))
                .update();
    }
}
