package dev.tessera.forum.thread;

import dev.tessera.forum.IfMatch;
import dev.tessera.forum.Listing;
import dev.tessera.forum.NotFoundException;
import dev.tessera.forum.NotPermittedException;
import dev.tessera.forum.OpaqueCursor;
import dev.tessera.forum.user.Actor;
import dev.tessera.forum.user.Author;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Threads: reading, retitling and deleting them, and the thread side of writing posts (the post
 * package calls {@link #start}, {@link #recordNewPost} and {@link #recordRemovedPost} inside its
 * own transactions).
 */
@Service
public class Threads {

    private final ThreadRepository repository;

    private final JdbcClient jdbc;

    private final Clock clock;

    Threads(ThreadRepository repository, JdbcClient jdbc, Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a thread that already counts its first post; the caller writes that post. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ThreadView start(Title title, Author author, Instant at) {
        ForumThread thread = new ForumThread(UUID.randomUUID(), title, author, at);
        return repository.saveAndFlush(thread).view();
    }

    /**
     * Counts a new post in a visible thread and returns its position (1, 2, ...).
     *
     * <p>One atomic UPDATE: it takes the thread's row lock until the caller's transaction ends, so
     * concurrent posts never lose an increment, and positions commit in the order they are handed
     * out. A reader paging by position therefore never sees position n+1 before n, which is what
     * makes the post pages stable under concurrent writes. The thread's version moves too: its
     * ETag stands for everything a reader sees, counts included.
     *
     * @throws NotFoundException if the thread does not exist or is deleted
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long recordNewPost(UUID threadId, Instant at) {
        return jdbc.sql("""
                        UPDATE threads
                           SET post_count = post_count + 1,
                               posts_written = posts_written + 1,
                               last_post_at = GREATEST(last_post_at, :at),
                               version = version + 1
                         WHERE id = :id AND deleted_at IS NULL
                        RETURNING posts_written
                        """)
                .param("id", threadId)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> NotFoundException.thread(threadId));
    }

    /** Uncounts a deleted post. Activity time and positions stay as they were. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordRemovedPost(UUID threadId) {
        jdbc.sql("UPDATE threads SET post_count = post_count - 1, version = version + 1 WHERE id = :id")
                .param("id", threadId)
                .update();
    }

    /** @throws NotFoundException unless the thread exists and is not deleted */
    @Transactional(readOnly = true)
    public ThreadView find(UUID id) {
        return repository.findVisible(id).map(ForumThread::view).orElseThrow(() -> NotFoundException.thread(id));
    }

    /** Visible threads, newest activity first. */
    @Transactional(readOnly = true)
    public Listing<ThreadView> list(String cursor, int size) {
        OpaqueCursor after = OpaqueCursor.decodeTimed(cursor);
        List<ForumThread> rows = (after == null)
                ? repository.findNewestActivity(size + 1)
                : repository.findNewestActivityAfter(after.time(), after.id(), size + 1);
        return Listing.of(rows, size, ForumThread::view, t -> OpaqueCursor.at(t.lastPostAt(), t.id()));
    }

    @Transactional
    ThreadView retitle(UUID id, IfMatch ifMatch, Title title, Actor actor) {
        ForumThread thread = changeable(id, ifMatch, actor);
        thread.retitle(title, actor, clock.instant());
        return repository.saveAndFlush(thread).view();
    }

    @Transactional
    void delete(UUID id, IfMatch ifMatch, Actor actor) {
        ForumThread thread = changeable(id, ifMatch, actor);
        thread.delete(actor, clock.instant());
        repository.saveAndFlush(thread);
    }

    private ForumThread changeable(UUID id, IfMatch ifMatch, Actor actor) {
        ForumThread thread = repository.findVisible(id).orElseThrow(() -> NotFoundException.thread(id));
        if (!actor.mayChange(thread.authorId())) {
            throw NotPermittedException.notAuthor();
        }
        ifMatch.require(thread.version());
        return thread;
    }
}
