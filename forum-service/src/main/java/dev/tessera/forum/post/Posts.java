package dev.tessera.forum.post;

import dev.tessera.forum.IfMatch;
import dev.tessera.forum.Listing;
import dev.tessera.forum.NotFoundException;
import dev.tessera.forum.NotPermittedException;
import dev.tessera.forum.OpaqueCursor;
import dev.tessera.forum.notify.ReplyOutbox;
import dev.tessera.forum.thread.ThreadView;
import dev.tessera.forum.thread.Threads;
import dev.tessera.forum.thread.Title;
import dev.tessera.forum.user.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writing and reading posts; starting a thread is writing its first post. */
@Service
class Posts {

    private final PostRepository repository;

    private final Threads threads;

    private final ReplyOutbox outbox;

    private final Clock clock;

    Posts(PostRepository repository, Threads threads, ReplyOutbox outbox, Clock clock) {
        this.repository = repository;
        this.threads = threads;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Creates a thread and its first post, both or neither. */
    @Transactional
    ThreadView startThread(Title title, Body body, Actor actor) {
        Instant now = clock.instant();
        ThreadView thread = threads.start(title, actor.author(), now);
        repository.save(new Post(thread.id(), 1, body, actor.author(), now));
        return thread;
    }

    /** @throws NotFoundException if the thread does not exist or is deleted */
    @Transactional
    PostView reply(UUID threadId, Body body, Actor actor) {
        Instant now = clock.instant();
        long position = threads.recordNewPost(threadId, now);
        PostView reply = repository
                .save(new Post(threadId, position, body, actor.author(), now))
                .view();
        // In this transaction: the reply and its event for notification-service commit together or not at all.
        outbox.replied(threadId, reply.id(), reply.author().id(), reply.author().name(), now);
        return reply;
    }

    @Transactional
    PostView edit(UUID id, IfMatch ifMatch, Body body, Actor actor) {
        Post post = changeable(id, ifMatch, actor);
        post.edit(body, actor, clock.instant());
        return repository.saveAndFlush(post).view();
    }

    @Transactional
    void delete(UUID id, IfMatch ifMatch, Actor actor) {
        Post post = changeable(id, ifMatch, actor);
        post.delete(actor, clock.instant());
        repository.saveAndFlush(post);
        threads.recordRemovedPost(post.threadId());
    }

    @Transactional(readOnly = true)
    PostView find(UUID id) {
        return repository.findVisible(id).map(Post::view).orElseThrow(() -> NotFoundException.post(id));
    }

    /** A visible thread's visible posts in order of writing. */
    @Transactional(readOnly = true)
    Listing<PostView> inThread(UUID threadId, String cursor, int size) {
        threads.find(threadId);
        OpaqueCursor after = OpaqueCursor.decodePosition(cursor);
        List<Post> rows = repository.findByThreadIdAndPositionGreaterThanAndDeletedAtIsNullOrderByPositionAsc(
                threadId, (after == null) ? 0 : after.position(), Limit.of(size + 1));
        return Listing.of(rows, size, Post::view, p -> OpaqueCursor.at(p.position()));
    }

    /** A user's visible posts, newest first. */
    @Transactional(readOnly = true)
    Listing<PostView> byAuthor(UUID authorId, String cursor, int size) {
        OpaqueCursor after = OpaqueCursor.decodeTimed(cursor);
        List<Post> rows = (after == null)
                ? repository.findNewestByAuthor(authorId, size + 1)
                : repository.findNewestByAuthorAfter(authorId, after.time(), after.id(), size + 1);
        return Listing.of(rows, size, Post::view, p -> OpaqueCursor.at(p.createdAt(), p.id()));
    }

    private Post changeable(UUID id, IfMatch ifMatch, Actor actor) {
        Post post = repository.findVisible(id).orElseThrow(() -> NotFoundException.post(id));
        if (!actor.mayChange(post.authorId())) {
            throw NotPermittedException.notAuthor();
        }
        ifMatch.require(post.version());
        return post;
    }
}
