package dev.tessera.forum.thread;

import dev.tessera.forum.user.Actor;
import dev.tessera.forum.user.Author;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A thread. Its activity columns ({@code post_count}, {@code posts_written}, {@code last_post_at})
 * are not updatable through JPA: concurrent posts change them with one atomic UPDATE each
 * ({@link Threads#recordNewPost}), which also moves {@link #version}. So the version (the ETag)
 * stands for the whole representation, and a title edit based on a copy read before a reply fails
 * its version check instead of writing back a count it read earlier.
 */
@Entity
@Table(name = "threads")
class ForumThread {

    @Id
    private UUID id;

    private String title;

    private UUID authorId;

    private String authorName;

    private Instant createdAt;

    private Instant updatedAt;

    @Column(updatable = false)
    private int postCount;

    @Column(updatable = false)
    private long postsWritten;

    @Column(updatable = false)
    private Instant lastPostAt;

    @Version
    private Long version;

    private UUID editedById;

    private String editedByName;

    private Instant deletedAt;

    private UUID deletedById;

    private String deletedByName;

    protected ForumThread() {}

    /** A new thread, started by its first post (written by the caller in the same transaction). */
    ForumThread(UUID id, Title title, Author author, Instant at) {
        this.id = id;
        this.title = title.value();
        this.authorId = author.id();
        this.authorName = author.name();
        this.createdAt = at;
        this.updatedAt = at;
        this.postCount = 1;
        this.postsWritten = 1;
        this.lastPostAt = at;
    }

    void retitle(Title title, Actor by, Instant at) {
        this.title = title.value();
        this.updatedAt = at;
        this.editedById = by.id();
        this.editedByName = by.author().name();
    }

    /** Hides the thread and its posts from readers; who and when stay as the audit trail. */
    void delete(Actor by, Instant at) {
        this.deletedAt = at;
        this.deletedById = by.id();
        this.deletedByName = by.author().name();
    }

    boolean isDeleted() {
        return deletedAt != null;
    }

    UUID id() {
        return id;
    }

    UUID authorId() {
        return authorId;
    }

    long version() {
        return version;
    }

    Instant lastPostAt() {
        return lastPostAt;
    }

    ThreadView view() {
        return new ThreadView(
                id, title, new Author(authorId, authorName), createdAt, updatedAt, postCount, lastPostAt, version);
    }
}
