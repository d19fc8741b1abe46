package dev.tessera.forum.thread;

import static dev.tessera.forum.ForumClient.anonymous;
import static dev.tessera.forum.ForumClient.member;
import static dev.tessera.forum.ForumClient.moderator;
import static dev.tessera.forum.ForumClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient;
import dev.tessera.forum.ForumClient.Reply;
import dev.tessera.forum.ForumTest;
import dev.tessera.passport.Passport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ForumTest
class ThreadApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    private JsonNode start(Passport author, String title) {
        Reply reply = forum.post("/threads", author, toJson(Map.of("title", title, "body", "opening post")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void startThreadWhenAuthenticatedThenCreatedWithLocationETagAndAuthorName() {
        Passport ada = member("ada");

        Reply reply = forum.post("/threads", ada, toJson(Map.of("title", "  Welcome  ", "body", "Hello all")));

        assertThat(reply.status()).isEqualTo(201);
        JsonNode thread = reply.json();
        assertThat(reply.location()).isEqualTo("/threads/" + thread.get("id").asString());
        assertThat(java.net
                        .URI
                        .create("http://gateway/api/forum/threads")
                        .resolve(reply.header("Location"))
                        .getPath())
                .as("Location behind the gateway's prefix")
                .isEqualTo("/api/forum/threads/" + thread.get("id").asString());
        assertThat(reply.etag()).isEqualTo("\"" + thread.get("version").asLong() + "\"");
        assertThat(thread.get("title").asString()).isEqualTo("Welcome");
        assertThat(thread.get("postCount").asInt()).isEqualTo(1);
        assertThat(thread.get("author").get("id").asString()).isEqualTo(ada.userId());
        assertThat(thread.get("author").get("name").asString()).isEqualTo("ada");
    }

    @Test
    void readWhenAnonymousThenThreadAndItsPostsVisible() {
        JsonNode thread = start(member("ada"), "Public reading");
        String id = thread.get("id").asString();

        Reply one = forum.get("/threads/" + id, anonymous());
        Reply posts = forum.get("/threads/" + id + "/posts", anonymous());
        Reply list = forum.get("/threads?size=100", anonymous());

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("title").asString()).isEqualTo("Public reading");
        assertThat(one.etag()).isEqualTo("\"0\"");
        assertThat(posts.status()).isEqualTo(200);
        assertThat(posts.json().get("items").get(0).get("body").asString()).isEqualTo("opening post");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").values())
                .anySatisfy(item -> assertThat(item.get("id").asString()).isEqualTo(id));
    }

    @Test
    void getWhenIfNoneMatchNamesCurrentETagThenNotModified() {
        Passport ada = member("ada");
        String path = "/threads/" + start(ada, "Poll me").get("id").asString();

        Reply unchanged = forum.get(path, anonymous(), "If-None-Match", "\"0\"");
        forum.patch(path, ada, "\"0\"", toJson(Map.of("title", "Polled")));
        Reply changed = forum.get(path, anonymous(), "If-None-Match", "\"0\"");

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("title").asString()).isEqualTo("Polled");
    }

    @Test
    void listWhenReplyArrivesThenThreadMovesToTop() {
        JsonNode older = start(member("ada"), "older");
        start(member("bob"), "newer");

        forum.post("/threads/" + older.get("id").asString() + "/posts", member("cy"), toJson(Map.of("body", "bump")));

        JsonNode first =
                forum.get("/threads?size=1", anonymous()).json().get("items").get(0);
        assertThat(first.get("id").asString()).isEqualTo(older.get("id").asString());
        assertThat(first.get("postCount").asInt()).isEqualTo(2);
    }

    @Test
    void retitleWhenAuthorWithCurrentETagThenChangedAndETagMoves() {
        Passport ada = member("ada");
        JsonNode thread = start(ada, "Typo titel");
        String path = "/threads/" + thread.get("id").asString();

        Reply reply = forum.patch(path, ada, "\"0\"", toJson(Map.of("title", "Typo title")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("title").asString()).isEqualTo("Typo title");
        assertThat(reply.etag()).isEqualTo("\"1\"");
        assertThat(forum.get(path, anonymous()).json().get("title").asString()).isEqualTo("Typo title");
    }

    @Test
    void retitleWhenNotAuthorThenForbiddenAndUnchanged() {
        JsonNode thread = start(member("ada"), "Mine");
        String path = "/threads/" + thread.get("id").asString();

        Reply reply = forum.patch(path, member("mallory"), "\"0\"", toJson(Map.of("title", "Yours")));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(forum.get(path, anonymous()).json().get("title").asString()).isEqualTo("Mine");
    }

    @Test
    void retitleWhenReplyArrivedSinceReadThenPreconditionFailedAndNothingLost() {
        Passport ada = member("ada");
        JsonNode thread = start(ada, "Counting");
        String path = "/threads/" + thread.get("id").asString();
        String seen = forum.get(path, anonymous()).etag();
        forum.post(path + "/posts", member("bob"), toJson(Map.of("body", "second")));

        Reply stale = forum.patch(path, ada, seen, toJson(Map.of("title", "Still counting")));
        Reply fresh = forum.get(path, anonymous());
        Reply retried = forum.patch(path, ada, fresh.etag(), toJson(Map.of("title", "Still counting")));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(fresh.etag()).isNotEqualTo(seen);
        assertThat(fresh.json().get("title").asString()).isEqualTo("Counting");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("postCount").asInt()).isEqualTo(2);
    }

    @Test
    void getWhenReplyArrivedThenETagChangesSoCachesRefresh() {
        String path = "/threads/" + start(member("ada"), "Cached").get("id").asString();
        String before = forum.get(path, anonymous()).etag();
        forum.post(path + "/posts", member("bob"), toJson(Map.of("body", "news")));

        Reply after = forum.get(path, anonymous(), "If-None-Match", before);

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("postCount").asInt()).isEqualTo(2);
    }

    @Test
    void deleteWhenModeratorThenHiddenFromReadersAndAuditKept() {
        Passport ada = member("ada");
        JsonNode thread = start(ada, "Spam");
        String id = thread.get("id").asString();
        JsonNode post = forum.get("/threads/" + id + "/posts", anonymous())
                .json()
                .get("items")
                .get(0);
        Passport mod = moderator("mod");

        Reply reply = forum.delete("/threads/" + id, mod, "\"0\"");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(forum.get("/threads/" + id, anonymous()).status()).isEqualTo(404);
        assertThat(forum.get("/threads/" + id + "/posts", anonymous()).status()).isEqualTo(404);
        assertThat(forum.get("/posts/" + post.get("id").asString(), anonymous()).status())
                .isEqualTo(404);
        assertThat(forum.get("/users/" + ada.userId() + "/posts", anonymous())
                        .json()
                        .get("items")
                        .values())
                .isEmpty();
        assertThat(forum.get("/threads?size=100", anonymous())
                        .json()
                        .get("items")
                        .values())
                .noneSatisfy(item -> assertThat(item.get("id").asString()).isEqualTo(id));
        assertThat(forum.post("/threads/" + id + "/posts", ada, toJson(Map.of("body", "late")))
                        .status())
                .isEqualTo(404);
        Map<String, Object> audit = jdbc.sql(
                        "SELECT title, deleted_at, deleted_by_id, deleted_by_name FROM threads WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query()
                .singleRow();
        assertThat(audit.get("title")).isEqualTo("Spam");
        assertThat(audit.get("deleted_at")).isNotNull();
        assertThat(audit.get("deleted_by_id")).isEqualTo(UUID.fromString(mod.userId()));
        assertThat(audit.get("deleted_by_name")).isEqualTo("mod");
    }

    @Test
    void deleteWhenNotAuthorNorModeratorThenForbiddenAndStillVisible() {
        JsonNode thread = start(member("ada"), "Keep me");
        String path = "/threads/" + thread.get("id").asString();

        Reply reply = forum.delete(path, member("mallory"), "\"0\"");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(forum.get(path, anonymous()).status()).isEqualTo(200);
    }

    @Test
    void listWhenThreadsStartedWhilePagingThenNoDuplicatesAndNoGaps() throws Exception {
        for (int i = 0; i < 25; i++) {
            start(member("seed"), "seed " + i);
        }
        Set<String> before = new HashSet<>(jdbc.sql("SELECT id::text FROM threads WHERE deleted_at IS NULL")
                .query(String.class)
                .list());
        AtomicBoolean paging = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                Passport writer = member("writer" + w);
                writers.add(pool.submit(() -> {
                    for (int n = 0; paging.get() && n < 100; n++) {
                        forum.post("/threads", writer, toJson(Map.of("title", "late " + n, "body", "x")));
                    }
                    return null;
                }));
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                String path = "/threads?size=7" + ((cursor != null) ? "&cursor=" + cursor : "");
                Reply page = forum.get(path, anonymous());
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                page.json()
                        .get("items")
                        .values()
                        .forEach(item -> seen.add(item.get("id").asString()));
                JsonNode next = page.json().get("next");
                cursor = (next == null || next.isNull()) ? null : next.asString();
            } while (cursor != null);
            paging.set(false);
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }

            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen).containsAll(before);
        } finally {
            paging.set(false);
            pool.shutdownNow();
        }
    }
}
