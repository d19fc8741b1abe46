package dev.tessera.notify.notification;

import io.r2dbc.spi.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The notifications, in PostgreSQL over R2DBC. Each statement is a single atomic SQL statement, so there is nothing
 * to roll back: recording is an insert that ignores a repeated event id, marking read is one update.
 */
@Service
class Notifications {

    private static final int MAX_PAGE = 100;

    private final DatabaseClient database;

    private final Clock clock;

    Notifications(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Records the notification a reply event calls for.
     *
     * @return {@code true} if a notification was stored now; {@code false} for a repeat or a reply to one's own thread
     */
    Mono<Boolean> record(ReplyEvent event) {
        if (!event.concernsSomeoneElse()) {
            return Mono.just(false);
        }
        return database.sql("""
                        INSERT INTO notification (id, event_id, recipient_id, kind, thread_id, thread_title, post_id,
                                                  actor_id, actor_name, created_at)
                        VALUES (:id, :event, :recipient, 'reply', :thread, :title, :post, :actor, :actorName, :created)
                        ON CONFLICT (event_id) DO NOTHING
                        """)
                .bind("id", UUID.randomUUID())
                .bind("event", event.eventId())
                .bind("recipient", event.threadAuthorId())
                .bind("thread", event.threadId())
                .bind("title", event.threadTitle())
                .bind("post", event.postId())
                .bind("actor", event.replyAuthorId())
                .bind("actorName", event.replyAuthorName())
                .bind("created", OffsetDateTime.ofInstant(event.createdAt(), ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** The recipient's notifications, newest first, after the cursor; with the unread count. */
    Mono<NotificationView.Page> page(UUID recipient, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        Cursor after = Cursor.parse(cursor);
        String keyset = (after == null) ? "" : " AND (created_at, id) < (:afterTime, :afterId)";
        DatabaseClient.GenericExecuteSpec query = database.sql(
                        "SELECT id, thread_id, thread_title, post_id, actor_name, created_at, read_at"
                                + " FROM notification WHERE recipient_id = :recipient" + keyset
                                + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("recipient", recipient)
                .bind("limit", size + 1);
        if (after != null) {
            query = query.bind("afterTime", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                    .bind("afterId", after.id());
        }
        Mono<List<NotificationView>> items =
                query.map((row, metadata) -> view(row)).all().collectList();
        return Mono.zip(items, unread(recipient)).map(tuple -> {
            List<NotificationView> rows = tuple.getT1();
            boolean more = rows.size() > size;
            List<NotificationView> shown = more ? rows.subList(0, size) : rows;
            String next = more ? Cursor.of(shown.get(shown.size() - 1)) : null;
            return new NotificationView.Page(List.copyOf(shown), tuple.getT2(), next);
        });
    }

    Mono<Long> unread(UUID recipient) {
        return database.sql("SELECT count(*) FROM notification WHERE recipient_id = :recipient AND read_at IS NULL")
                .bind("recipient", recipient)
                .map((row, metadata) -> row.get(0, Long.class))
                .one();
    }

    /**
     * Marks one of the recipient's notifications read (again is fine).
     *
     * @return empty when done; {@link NotificationNotFoundException} if the recipient has no such notification
     */
    Mono<Void> markRead(UUID recipient, UUID id) {
        return database.sql("UPDATE notification SET read_at = coalesce(read_at, :now)"
                        + " WHERE id = :id AND recipient_id = :recipient")
                .bind("now", now())
                .bind("id", id)
                .bind("recipient", recipient)
                .fetch()
                .rowsUpdated()
                .flatMap(rows -> (rows == 1) ? Mono.<Void>empty() : Mono.error(new NotificationNotFoundException()));
    }

    /** Marks every notification of the recipient read; how many changed. */
    Mono<Long> markAllRead(UUID recipient) {
        return database.sql(
                        "UPDATE notification SET read_at = :now WHERE recipient_id = :recipient AND read_at IS NULL")
                .bind("now", now())
                .bind("recipient", recipient)
                .fetch()
                .rowsUpdated();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static NotificationView view(Row row) {
        return new NotificationView(
                row.get("id", UUID.class),
                "reply",
                row.get("thread_id", UUID.class),
                row.get("thread_title", String.class),
                row.get("post_id", UUID.class),
                row.get("actor_name", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("read_at", OffsetDateTime.class) != null);
    }

    /** A position in the newest-first order; opaque to clients (base64url of time and id). */
    record Cursor(Instant createdAt, UUID id) {

        static String of(NotificationView last) {
            ByteBuffer bytes = ByteBuffer.allocate(28);
            bytes.putLong(last.createdAt().getEpochSecond())
                    .putInt(last.createdAt().getNano())
                    .putLong(last.id().getMostSignificantBits())
                    .putLong(last.id().getLeastSignificantBits());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        }

        static Cursor parse(String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException ex) {
                throw new InvalidCursorException();
            }
            if (bytes.length != 28) {
                throw new InvalidCursorException();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long seconds = buffer.getLong();
            int nanos = buffer.getInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new InvalidCursorException();
            }
            try {
                return new Cursor(Instant.ofEpochSecond(seconds, nanos), new UUID(buffer.getLong(), buffer.getLong()));
            } catch (java.time.DateTimeException ex) {
                throw new InvalidCursorException();
            }
        }
    }
}
