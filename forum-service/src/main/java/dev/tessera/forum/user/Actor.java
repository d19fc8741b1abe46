package dev.tessera.forum.user;

import java.util.UUID;

/**
 * An authenticated caller about to change something, taken from the passport. Only this type
 * turns a passport into forum permissions.
 *
 * @param author the caller as they would be shown as an author now
 * @param moderator whether the caller may change anyone's content (role MODERATOR or ADMIN)
 */
public record Actor(Author author, boolean moderator) {

    public UUID id() {
        return author.id();
    }

    /** Whether this caller may edit or delete content written by {@code authorId}. */
    public boolean mayChange(UUID authorId) {
        return moderator || author.id().equals(authorId);
    }
}
