package dev.tessera.forum.post;

import dev.tessera.forum.user.Actor;
import dev.tessera.forum.user.Author;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A post in a thread. Deleting hides it from readers and keeps who deleted it and when. */
@Entity
@Table(name = "posts")
class Post {

    @Id
    private UUID id;

    private UUID threadId;

    private long position;

    private String body;

    private UUID authorId;

    private String authorName;

    private Instant createdAt;

    private Instant editedAt;

    @Version
    private Long version;

    private UUID editedById;

    private String editedByName;

    private Instant deletedAt;

    private UUID deletedById;

    private String deletedByName;

    protected Post() {}

    Post(UUID threadId, long position, Body body, Author author, Instant at) {
        this.id = UUID.randomUUID();
        this.threadId = threadId;
        this.position = position;
        this.body = body.value();
        this.authorId = author.id();
        this.authorName = author.name();
        this.createdAt = at;
    }

    void edit(Body body, Actor by, Instant at) {
        this.body = body.value();
        this.editedAt = at;
        this.editedById = by.id();
        this.editedByName = by.author().name();
    }

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

    UUID threadId() {
        return threadId;
    }

    UUID authorId() {
        return authorId;
    }

    long position() {
        return position;
    }

    Instant createdAt() {
        return createdAt;
    }

    long version() {
        return version;
    }

    PostView view() {
        return new PostView(
                id, threadId, position, body, new Author(authorId, authorName), createdAt, editedAt, version);
    }
}
