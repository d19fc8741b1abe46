package dev.tessera.forum.thread;

import dev.tessera.forum.user.Author;
import java.time.Instant;
import java.util.UUID;

/**
 * A thread as readers see it.
 *
 * @param version the version that {@code If-Match} must name to change the thread (also its ETag)
 */
public record ThreadView(
        UUID id,
        String title,
        Author author,
        Instant createdAt,
        Instant updatedAt,
        int postCount,
        Instant lastPostAt,
        long version) {}
