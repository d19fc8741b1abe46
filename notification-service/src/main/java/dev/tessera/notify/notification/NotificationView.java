package dev.tessera.notify.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One notification as its recipient sees it.
 *
 * @param id its id
 * @param kind {@code reply}
 * @param threadId the thread that got a reply
 * @param threadTitle its title when the reply was written
 * @param postId the reply
 * @param actorName who replied
 * @param createdAt when
 * @param read whether the recipient marked it read
 */
public record NotificationView(
        UUID id,
        String kind,
        UUID threadId,
        String threadTitle,
        UUID postId,
        String actorName,
        Instant createdAt,
        boolean read) {

    /**
     * A page of notifications, newest first.
     *
     * @param items the notifications
     * @param unread how many of the caller's notifications are unread, on every page
     * @param next the cursor of the next page, {@code null} on the last one
     */
    public record Page(List<NotificationView> items, long unread, String next) {}

    /**
     * The unread badge.
     *
     * @param unread how many of the caller's notifications are unread
     */
    public record Unread(long unread) {}
}
