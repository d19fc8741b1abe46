package dev.tessera.auth.revocation;

import dev.tessera.auth.TokenProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revocation events for access tokens that are still unexpired, and the incremental feed the gateway
 * polls ({@code GET /internal/revocations}).
 *
 * <p>A user-level revocation refuses every token of the account issued before its {@code not_before}
 * (whole seconds: the second after the event, so every token issued up to the event is covered, also
 * one issued earlier within the same second). So that a token issued right after the event, within that
 * same second, is not refused by it, the issuer dates such a token at {@code not_before} ({@link
 * #issuedAtFor}). A session revocation refuses every token with the family's {@code sid}.
 *
 * <p>Recording joins the caller's transaction and is the last lock it takes (after token and family
 * rows), so it cannot deadlock with refresh or clean-up. The insert holds an advisory lock until the
 * transaction ends: ids are then handed out in commit order, and a reader that has seen id {@code n}
 * will never later find a smaller one committed (the cursor can be a plain id).
 *
 * <p>Each recorded revocation is also published as a {@link RevocationRecorded} event, synchronously inside the
 * transaction, for copies of sessions kept outside PostgreSQL (scheme A's Redis store).
 */
@Service
public class Revocations {

    /** Advisory lock key for revocation inserts ("tessrevo"); distinct from the other locks in use. */
    static final long INSERT_LOCK = 0x7465737372657630L;

    private final JdbcClient jdbc;

    private final TokenProperties tokens;

    private final RevocationProperties properties;

    private final Clock clock;

    private final MeterRegistry meters;

    private final ApplicationEventPublisher events;

    Revocations(
            JdbcClient jdbc,
            TokenProperties tokens,
            RevocationProperties properties,
            Clock clock,
            MeterRegistry meters,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.events = events;
    }

    /**
     * Refuses every access token of the account issued up to now (logout everywhere, disabling, password
     * change, role change). Joins the caller's transaction.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public void revokeUser(UUID accountId, String reason) {
        Instant now = this.clock.instant();
        long notBefore = now.getEpochSecond() + 1;
        insert(
                "user",
                accountId,
                notBefore,
                reason,
                now,
                Instant.ofEpochSecond(notBefore).plus(window()));
        this.events.publishEvent(RevocationRecorded.ofUser(accountId));
    }

    /** Refuses every access token of one refresh family (logout, reuse detected). Joins the caller's transaction. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void revokeSession(UUID familyId, String reason) {
        Instant now = this.clock.instant();
        insert("session", familyId, null, reason, now, now.plus(window()));
        this.events.publishEvent(RevocationRecorded.ofSession(familyId));
    }

    /**
     * The {@code iat} for a token of this account issued now: the current second, or the account's
     * latest {@code not_before} if that lies ahead (at most one second), so the new token is not caught
     * by a revocation recorded a moment earlier.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public Instant issuedAtFor(UUID accountId, Instant now) {
        long second = now.getEpochSecond();
        Long latest = this.jdbc
                .sql("SELECT max(not_before) FROM revocation WHERE kind = 'user' AND subject = ? AND not_before > ?")
                .param(accountId)
                .param(second)
                .query(Long.class)
                .optional()
                .orElse(null);
        return Instant.ofEpochSecond((latest != null) ? latest : second);
    }

    /**
     * Whether a recorded revocation refuses an access token, by the same rule the gateway applies to the feed: a
     * user-level one for its {@code sub} with {@code iat < not_before}, or a session one for its {@code sid}.
     * Revocations are kept as long as the tokens they can refuse live, so an unexpired token is judged right.
     *
     * @param subject the token's {@code sub}
     * @param issuedAt its {@code iat}
     * @param sessionId its {@code sid}
     */
    @Transactional(readOnly = true)
    public boolean revokes(UUID subject, Instant issuedAt, UUID sessionId) {
        return this.jdbc
                .sql("SELECT EXISTS (SELECT 1 FROM revocation WHERE (kind = 'user' AND subject = ? AND not_before > ?)"
                        + " OR (kind = 'session' AND subject = ?))")
                .param(subject)
                .param(issuedAt.getEpochSecond())
                .param(sessionId)
                .query(Boolean.class)
                .single();
    }

    /**
     * Revocations with an id above {@code since} that can still matter, oldest first, at most one page.
     * A cursor above every id ever handed out (the database was replaced) starts from the beginning of
     * the window again: replaying is harmless, the gateway merges.
     */
    @Transactional(readOnly = true)
    public Feed since(long since) {
        long highest = this.jdbc
                .sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM revocation_id_seq")
                .query(Long.class)
                .single();
        long from = (since > highest) ? 0 : since;
        int limit = this.properties.pageSize();
        List<Row> rows = this.jdbc
                .sql("SELECT id, kind, subject, not_before, expires_at FROM revocation"
                        + " WHERE id > ? AND expires_at > ? ORDER BY id LIMIT ?")
                .param(from)
                .param(Timestamp.from(this.clock.instant()))
                .param(limit + 1)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getObject("subject", UUID.class),
                        (Long) rs.getObject("not_before"),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        List<Feed.UserEntry> users = new ArrayList<>();
        List<Feed.SessionEntry> sessions = new ArrayList<>();
        long next = from;
        for (Row row : page) {
            next = row.id();
            if ("user".equals(row.kind())) {
                users.add(new Feed.UserEntry(
                        row.subject(), row.notBefore(), row.expiresAt().getEpochSecond()));
            } else {
                sessions.add(
                        new Feed.SessionEntry(row.subject(), row.expiresAt().getEpochSecond()));
            }
        }
        return new Feed(Long.toString(next), more, users, sessions);
    }

    /** Deletes revocations whose tokens have all expired. */
    void purge() {
        this.jdbc
                .sql("DELETE FROM revocation WHERE expires_at <= ?")
                .param(Timestamp.from(this.clock.instant()))
                .update();
    }

    private Duration window() {
        return this.tokens.lifetime().plus(this.properties.clockSkew());
    }

    private void insert(String kind, UUID subject, Long notBefore, String reason, Instant now, Instant expiresAt) {
        this.jdbc
                .sql("SELECT pg_advisory_xact_lock(?)")
                .param(INSERT_LOCK)
                .query()
                .singleRow();
        this.jdbc
                .sql("INSERT INTO revocation (kind, subject, not_before, reason, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .param(kind)
                .param(subject)
                .param(notBefore)
                .param(reason)
                .param(Timestamp.from(now))
                .param(Timestamp.from(expiresAt))
                .update();
        this.meters.counter("tessera.auth.revocations", "kind", kind).increment();
    }

    private record Row(long id, String kind, UUID subject, Long notBefore, Instant expiresAt) {}
}
