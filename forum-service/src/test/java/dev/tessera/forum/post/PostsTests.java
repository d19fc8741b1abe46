package dev.tessera.forum.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.forum.ForumTest;
import dev.tessera.forum.IfMatch;
import dev.tessera.forum.Listing;
import dev.tessera.forum.NotFoundException;
import dev.tessera.forum.Users;
import dev.tessera.forum.VersionConflictException;
import dev.tessera.forum.thread.ThreadView;
import dev.tessera.forum.thread.Threads;
import dev.tessera.forum.thread.Title;
import dev.tessera.forum.user.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service layer against real PostgreSQL: transactions, counters, locking, paging. */
@ForumTest
class PostsTests {

    @Autowired
    Posts posts;

    @Autowired
    Threads threads;

    @Autowired
    JdbcClient jdbc;

    @Test
    void startThreadWhenValidThenThreadAndFirstPostStoredTogether() {
        Actor ada = Users.member("ada");

        ThreadView thread = posts.startThread(new Title("  Hello  "), new Body("first"), ada);

        assertThat(thread.title()).isEqualTo("Hello");
        assertThat(thread.postCount()).isEqualTo(1);
        assertThat(thread.author().name()).isEqualTo("ada");
        Listing<PostView> page = posts.inThread(thread.id(), null, 20);
        assertThat(page.items()).singleElement().satisfies(post -> {
            assertThat(post.body()).isEqualTo("first");
            assertThat(post.position()).isEqualTo(1);
            assertThat(post.author().id()).isEqualTo(ada.id());
        });
    }

    @Test
    void replyWhenFiftyConcurrentThenAllStoredAndCountExact() throws Exception {
        ThreadView thread = posts.startThread(new Title("busy"), new Body("opening"), Users.member("op"));
        int writers = 8;
        int replies = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PostView>> results = new ArrayList<>();
        try {
            for (int i = 0; i < replies; i++) {
                Actor writer = Users.member("writer" + i);
                String text = "reply " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return posts.reply(thread.id(), new Body(text), writer);
                }));
            }
            start.countDown();
            for (Future<PostView> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(threads.find(thread.id()).postCount()).isEqualTo(replies + 1);
        Map<String, Object> stored = jdbc.sql(
                        "SELECT count(*) AS n, count(DISTINCT position) AS positions, max(position) AS top"
                                + " FROM posts WHERE thread_id = :id")
                .param("id", thread.id())
                .query()
                .singleRow();
        assertThat(((Number) stored.get("n")).longValue()).isEqualTo(replies + 1);
        assertThat(((Number) stored.get("positions")).longValue()).isEqualTo(replies + 1);
        assertThat(((Number) stored.get("top")).longValue()).isEqualTo(replies + 1);
    }

    @Test
    void editWhenStaleVersionThenRefusedAndBodyKept() {
        Actor ada = Users.member("ada");
        ThreadView thread = posts.startThread(new Title("t"), new Body("v0"), ada);
        PostView first = posts.inThread(thread.id(), null, 1).items().get(0);
        IfMatch seen = IfMatch.parse(IfMatch.etag(first.version()));
        posts.edit(first.id(), seen, new Body("v1"), ada);

        assertThatThrownBy(() -> posts.edit(first.id(), seen, new Body("stale"), ada))
                .isInstanceOf(VersionConflictException.class);
        assertThat(posts.find(first.id()).body()).isEqualTo("v1");
    }

    @Test
    void editWhenTwoWritersRaceWithSameVersionThenExactlyOneWins() throws Exception {
        Actor ada = Users.member("ada");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                ThreadView thread = posts.startThread(new Title("race " + round), new Body("v0"), ada);
                PostView first = posts.inThread(thread.id(), null, 1).items().get(0);
                IfMatch seen = IfMatch.parse(IfMatch.etag(first.version()));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (String text : List.of("left", "right")) {
                    Callable<Boolean> edit = () -> {
                        start.await();
                        try {
                            posts.edit(first.id(), seen, new Body(text), ada);
                            return true;
                        } catch (VersionConflictException | OptimisticLockingFailureException ex) {
                            return false;
                        }
                    };
                    outcomes.add(pool.submit(edit));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> outcome : outcomes) {
                    wins += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(wins).as("round %d", round).isEqualTo(1);
                assertThat(posts.find(first.id()).version()).isEqualTo(first.version() + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inThreadWhenPostsArriveWhilePagingThenNoDuplicatesAndNoGaps() throws Exception {
        Actor ada = Users.member("ada");
        ThreadView thread = posts.startThread(new Title("paging"), new Body("p1"), ada);
        for (int i = 2; i <= 40; i++) {
            posts.reply(thread.id(), new Body("p" + i), ada);
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                Actor writer = Users.member("w" + w);
                writers.add(pool.submit(() -> {
                    int n = 0;
                    while (reading.get() && n < 200) {
                        posts.reply(thread.id(), new Body("late " + n++), writer);
                    }
                    return null;
                }));
            }
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            do {
                Listing<PostView> page = posts.inThread(thread.id(), cursor, 7);
                page.items().forEach(post -> seen.add(post.position()));
                cursor = page.next();
            } while (cursor != null);
            reading.set(false);
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }

            assertThat(seen).doesNotHaveDuplicates().isSorted();
            assertThat(seen.size()).isGreaterThanOrEqualTo(40);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).as("position without gap").isEqualTo(i + 1L);
            }
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void replyWhenThreadDeletedThenNotFoundAndNothingStored() {
        Actor ada = Users.member("ada");
        ThreadView thread = posts.startThread(new Title("gone"), new Body("p1"), ada);
        jdbc.sql("UPDATE threads SET deleted_at = now(), deleted_by_id = author_id WHERE id = :id")
                .param("id", thread.id())
                .update();

        assertThatThrownBy(() -> posts.reply(thread.id(), new Body("late"), ada))
                .isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM posts WHERE thread_id = :id")
                        .param("id", thread.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void replyWhenThreadUnknownThenNotFound() {
        assertThatThrownBy(() -> posts.reply(UUID.randomUUID(), new Body("x"), Users.member("ada")))
                .isInstanceOf(NotFoundException.class);
    }
}
