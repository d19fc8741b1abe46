package dev.tessera.forum.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reply events waiting for notification-service, in forum-service's own database. {@link #replied} runs inside
 * the reply's transaction; the relay claims due events ({@code FOR UPDATE SKIP LOCKED}, so replicas never deliver the
 * same event at once), then deletes what was delivered or schedules the next attempt.
 */
@Component
public class ReplyOutbox {

    /** A claimed event is not offered again for this long, even if its relay dies before it reports back. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final JdbcClient jdbc;

    private final NotificationProperties properties;

    private final Clock clock;

    ReplyOutbox(JdbcClient jdbc, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records the event of a reply, in the reply's transaction. Nothing when notifications are off or the reply is
     * its thread author's own.
     *
     * @param threadId the thread replied to (its row is locked by the reply already)
     * @param postId the reply
     * @param replyAuthorId who replied
     * @param replyAuthorName their name
     * @param at when
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replied(UUID threadId, UUID postId, UUID replyAuthorId, String replyAuthorName, Instant at) {
        if (!properties.enabled()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO reply_outbox (event_id, thread_id, thread_title, thread_author_id, post_id,
                                                  reply_author_id, reply_author_name, created_at, next_attempt_at)
                        SELECT :event, t.id, t.title, t.author_id, :post, :replier, :name, :at, :at
                          FROM threads t
                         WHERE t.id = :thread AND t.author_id <> :replier
                        """)
                .param("event", UUID.randomUUID())
                .param("post", postId)
                .param("replier", replyAuthorId)
                .param("name", replyAuthorName)
                .param("at", utc(at))
                .param("thread", threadId)
                .update();
    }

    /** Claims up to {@code limit} due events, oldest first, for {@link #LEASE}. */
    @Transactional
    List<ReplyEvent> claim(int limit) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE reply_outbox o
                           SET attempts = o.attempts + 1, next_attempt_at = :leaseEnd
                          FROM (SELECT event_id FROM reply_outbox
                                 WHERE next_attempt_at <= :now
                                 ORDER BY next_attempt_at, created_at
                                 LIMIT :limit
                                   FOR UPDATE SKIP LOCKED) due
                         WHERE o.event_id = due.event_id
                        RETURNING o.event_id, o.thread_id, o.thread_title, o.thread_author_id, o.post_id,
                                  o.reply_author_id, o.reply_author_name, o.created_at, o.attempts
                        """)
                .param("leaseEnd", utc(now.plus(LEASE)))
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new ReplyEvent(
                        rs.getObject("event_id", UUID.class),
                        rs.getObject("thread_id", UUID.class),
                        rs.getString("thread_title"),
                        rs.getObject("thread_author_id", UUID.class),
                        rs.getObject("post_id", UUID.class),
                        rs.getObject("reply_author_id", UUID.class),
                        rs.getString("reply_author_name"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("attempts")))
                .list();
    }

    /** Forgets an event: delivered, or given up on. */
    void remove(UUID eventId) {
        jdbc.sql("DELETE FROM reply_outbox WHERE event_id = :id")
                .param("id", eventId)
                .update();
    }

    /** Offers an event again after {@code delay}. */
    void retryAfter(UUID eventId, Duration delay) {
        jdbc.sql("UPDATE reply_outbox SET next_attempt_at = :at WHERE event_id = :id")
                .param("at", utc(clock.instant().plus(delay)))
                .param("id", eventId)
                .update();
    }

    /** Events waiting, for the gauge. */
    long waiting() {
        return jdbc.sql("SELECT count(*) FROM reply_outbox").query(Long.class).single();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** One event, and how often its delivery was tried (counting this one). */
    record ReplyEvent(
            UUID eventId,
            UUID threadId,
            String threadTitle,
            UUID threadAuthorId,
            UUID postId,
            UUID replyAuthorId,
            String replyAuthorName,
            Instant createdAt,
            int attempts) {

        /** The event in notification-service's wire format (docs/contracts.md, "Reply events"). */
        java.util.Map<String, Object> wire() {
            return java.util.Map.of(
                    "eventId", eventId,
                    "threadId", threadId,
                    "threadTitle", threadTitle,
                    "threadAuthorId", threadAuthorId,
                    "postId", postId,
                    "replyAuthorId", replyAuthorId,
                    "replyAuthorName", replyAuthorName,
                    "createdAt", createdAt.toString());
        }
    }
}
