package dev.tessera.forum.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.forum.ForumTest;
import dev.tessera.forum.Users;
import dev.tessera.forum.user.Actor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/** The thread's counters against real PostgreSQL and a real JPA persistence context. */
@ForumTest
class ThreadsTests {

    @Autowired
    Threads threads;

    @Autowired
    ThreadRepository repository;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void retitleWhenReplyCommitsBetweenReadAndWriteThenRefusedAndCountKept() {
        Actor ada = Users.member("ada");
        ThreadView thread =
                transactions.execute(status -> threads.start(new Title("old"), ada.author(), Instant.now()));

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    ForumThread loaded = repository.findById(thread.id()).orElseThrow();
                    // Another request's reply commits while this transaction holds a copy with postCount 1.
                    CompletableFuture.runAsync(() -> transactions.executeWithoutResult(
                                    other -> threads.recordNewPost(thread.id(), Instant.now())))
                            .orTimeout(30, TimeUnit.SECONDS)
                            .join();
                    loaded.retitle(new Title("new"), ada, Instant.now());
                    repository.saveAndFlush(loaded);
                }))
                .isInstanceOf(OptimisticLockingFailureException.class);

        ThreadView after = threads.find(thread.id());
        assertThat(after.title()).isEqualTo("old");
        assertThat(after.postCount()).isEqualTo(2);
        assertThat(after.version()).as("the reply moved the version").isEqualTo(thread.version() + 1);
    }

    @Test
    void recordNewPostWhenCalledRepeatedlyThenPositionsFollowEachOther() {
        Actor ada = Users.member("ada");
        ThreadView thread = transactions.execute(status -> threads.start(new Title("t"), ada.author(), Instant.now()));

        Long second = transactions.execute(status -> threads.recordNewPost(thread.id(), Instant.now()));
        Long third = transactions.execute(status -> threads.recordNewPost(thread.id(), Instant.now()));
        transactions.executeWithoutResult(status -> threads.recordRemovedPost(thread.id()));
        Long fourth = transactions.execute(status -> threads.recordNewPost(thread.id(), Instant.now()));

        assertThat(second).isEqualTo(2);
        assertThat(third).isEqualTo(3);
        assertThat(fourth).as("positions never reused after a deletion").isEqualTo(4);
        assertThat(threads.find(thread.id()).postCount()).isEqualTo(3);
    }

    @Test
    void recordNewPostWhenActivityTimeOlderThenLastPostAtKept() {
        Actor ada = Users.member("ada");
        Instant start = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        ThreadView thread = transactions.execute(status -> threads.start(new Title("t"), ada.author(), start));

        transactions.execute(status -> threads.recordNewPost(thread.id(), start.minusSeconds(60)));

        assertThat(threads.find(thread.id()).lastPostAt()).isEqualTo(start);
    }
}
