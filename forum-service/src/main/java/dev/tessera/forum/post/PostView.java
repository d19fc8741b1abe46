package dev.tessera.forum.post;

import dev.tessera.forum.user.Author;
import java.time.Instant;
import java.util.UUID;

/**
 * A post as readers see it. The body is the text as written: clients must escape it when they
 * render HTML.
 *
 * @param position the post's place in its thread (1 is the opening post); gaps mean deleted posts
 * @param editedAt when the body was last changed, {@code null} if never
 * @param version the version that {@code If-Match} must name to change the post (also its ETag)
 */
public record PostView(
        UUID id,
        UUID threadId,
        long position,
        String body,
        Author author,
        Instant createdAt,
        Instant editedAt,
        long version) {}
