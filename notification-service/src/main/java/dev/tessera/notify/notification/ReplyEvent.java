package dev.tessera.notify.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * What forum-service reports when someone replies to a thread (docs/contracts.md, "Reply events"). Validated on
 * arrival: a malformed event is refused with 400 and nothing is stored.
 *
 * @param eventId the event's id, the same on every delivery of it
 * @param threadId the thread replied to
 * @param threadTitle its title (1-200 characters)
 * @param threadAuthorId who started the thread: the one to notify
 * @param postId the reply
 * @param replyAuthorId who replied
 * @param replyAuthorName their display name (1-100 characters)
 * @param createdAt when the reply was written
 */
public record ReplyEvent(
        UUID eventId,
        UUID threadId,
        String threadTitle,
        UUID threadAuthorId,
        UUID postId,
        UUID replyAuthorId,
        String replyAuthorName,
        Instant createdAt) {

    /**
     * Checks every field.
     *
     * @throws InvalidEventException naming the first field that is missing or out of bounds
     */
    void validate() {
        requireNonNull(eventId, "eventId");
        requireNonNull(threadId, "threadId");
        requireNonNull(threadAuthorId, "threadAuthorId");
        requireNonNull(postId, "postId");
        requireNonNull(replyAuthorId, "replyAuthorId");
        requireNonNull(createdAt, "createdAt");
        requireText(threadTitle, "threadTitle", 200);
        requireText(replyAuthorName, "replyAuthorName", 100);
    }

    /** A reply to one's own thread concerns nobody else. */
    boolean concernsSomeoneElse() {
        return !threadAuthorId.equals(replyAuthorId);
    }

    private static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
    }

    private static void requireText(String value, String field, int max) {
        requireNonNull(value, field);
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidEventException(field + " must be 1 to " + max + " characters without control characters");
        }
    }
}
