package dev.tessera.forum.post;

import static dev.tessera.forum.ForumClient.admin;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ForumTest
class PostApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    private String startThread(Passport author) {
        Reply reply = forum.post("/threads", author, toJson(Map.of("title", "A thread", "body", "opening")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("id").asString();
    }

    private Reply reply(String threadId, Passport author, String body) {
        return forum.post("/threads/" + threadId + "/posts", author, toJson(Map.of("body", body)));
    }

    @Test
    void replyWhenAuthenticatedThenCreatedAndCounted() {
        String thread = startThread(member("ada"));
        Passport bob = member("bob");

        Reply reply = reply(thread, bob, "Hi ada");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode post = reply.json();
        assertThat(reply.location()).isEqualTo("/posts/" + post.get("id").asString());
        assertThat(java.net
                        .URI
                        .create("http://gateway/api/forum/threads/" + thread + "/posts")
                        .resolve(reply.header("Location"))
                        .getPath())
                .as("Location behind the gateway's prefix")
                .isEqualTo("/api/forum/posts/" + post.get("id").asString());
        assertThat(post.get("position").asLong()).isEqualTo(2);
        assertThat(post.get("author").get("name").asString()).isEqualTo("bob");
        assertThat(post.get("author").get("id").asString()).isEqualTo(bob.userId());
        assertThat(forum.get("/threads/" + thread, anonymous())
                        .json()
                        .get("postCount")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void replyWhenAnonymousPassportThenUnauthorizedAndNothingStored() {
        String thread = startThread(member("ada"));

        Reply reply = reply(thread, anonymous(), "sneaky");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(countPosts(thread)).isEqualTo(1);
    }

    @Test
    void startThreadWhenAnonymousPassportThenUnauthorizedAndNothingStored() {
        long before = jdbc.sql("SELECT count(*) FROM threads").query(Long.class).single();

        Reply reply = forum.post("/threads", anonymous(), toJson(Map.of("title", "t", "body", "b")));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM threads").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void changeWhenAnonymousPassportThenUnauthorizedAndUnchanged() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "keep");

        Reply edit = forum.patch(created.location(), anonymous(), created.etag(), toJson(Map.of("body", "gone")));
        Reply delete = forum.delete(created.location(), anonymous(), created.etag());

        assertThat(edit.status()).isEqualTo(401);
        assertThat(delete.status()).isEqualTo(401);
        Reply read = forum.get(created.location(), anonymous());
        assertThat(read.json().get("body").asString()).isEqualTo("keep");
        assertThat(read.etag()).isEqualTo(created.etag());
    }

    @Test
    void editWhenAuthorWithCurrentETagThenChangedAndETagMoves() {
        Passport ada = member("ada");
        String thread = startThread(ada);
        Reply created = reply(thread, ada, "frist");
        String path = created.location();

        Reply edited = forum.patch(path, ada, created.etag(), toJson(Map.of("body", "first")));

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().get("body").asString()).isEqualTo("first");
        assertThat(edited.json().get("editedAt").isNull()).isFalse();
        assertThat(edited.etag()).isNotEqualTo(created.etag());
        Reply read = forum.get(path, anonymous());
        assertThat(read.json().get("body").asString()).isEqualTo("first");
        assertThat(read.etag()).isEqualTo(edited.etag());
    }

    @Test
    void editWhenNotAuthorThenForbiddenAndUnchanged() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "mine");

        Reply edited =
                forum.patch(created.location(), member("mallory"), created.etag(), toJson(Map.of("body", "pwned")));

        assertThat(edited.status()).isEqualTo(403);
        assertThat(edited.contentType()).startsWith("application/problem+json");
        assertThat(forum.get(created.location(), anonymous()).json().get("body").asString())
                .isEqualTo("mine");
    }

    @Test
    void editWhenAdminThenAllowedAndEditorRecorded() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "rude words");
        Passport root = admin("root");

        Reply edited = forum.patch(created.location(), root, created.etag(), toJson(Map.of("body", "[removed]")));

        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("author").get("name").asString()).isEqualTo("ada");
        assertThat(jdbc.sql("SELECT edited_by_name FROM posts WHERE id = :id")
                        .param("id", UUID.fromString(created.json().get("id").asString()))
                        .query(String.class)
                        .single())
                .isEqualTo("root");
    }

    @Test
    void editWhenModeratorRoleWithoutThePermissionThenForbiddenAndWithItUnderAnyRoleAllowed() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "mine");
        // The role name alone, as a passport minted before the policy gave MODERATOR forum:moderate.
        Passport roleOnly = ForumClient.user("mod", Set.of("USER", "MODERATOR"));
        Passport helper =
                ForumClient.user("helper", Set.of("USER", "HELPER")).withPermissions(List.of("forum:moderate"));

        Reply refused = forum.patch(created.location(), roleOnly, created.etag(), toJson(Map.of("body", "x")));
        Reply allowed = forum.patch(created.location(), helper, created.etag(), toJson(Map.of("body", "[removed]")));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("body").asString()).isEqualTo("[removed]");
    }

    @Test
    void editWhenIfMatchMissingThenPreconditionRequiredAndUnchanged() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "v1");

        Reply edited = forum.patch(created.location(), ada, null, toJson(Map.of("body", "v2")));
        Reply star = forum.patch(created.location(), ada, "*", toJson(Map.of("body", "v2")));

        assertThat(edited.status()).isEqualTo(428);
        assertThat(star.status()).isEqualTo(428);
        assertThat(edited.contentType()).startsWith("application/problem+json");
        assertThat(forum.get(created.location(), anonymous()).json().get("body").asString())
                .isEqualTo("v1");
    }

    @Test
    void editWhenETagStaleThenPreconditionFailedAndNewerEditKept() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "v1");
        String path = created.location();
        String seenByBoth = created.etag();
        assertThat(forum.patch(path, ada, seenByBoth, toJson(Map.of("body", "tab one")))
                        .status())
                .isEqualTo(200);

        Reply stale = forum.patch(path, ada, seenByBoth, toJson(Map.of("body", "tab two")));
        Reply staleDelete = forum.delete(path, ada, seenByBoth);

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(staleDelete.status()).isEqualTo(412);
        assertThat(forum.get(path, anonymous()).json().get("body").asString()).isEqualTo("tab one");
    }

    @Test
    void deleteWhenModeratorThenHiddenFromReadersAndAuditKept() {
        Passport ada = member("ada");
        String thread = startThread(ada);
        Reply created = reply(thread, ada, "spam spam");
        String postId = created.json().get("id").asString();
        Passport mod = moderator("mod");

        Reply deleted = forum.delete(created.location(), mod, created.etag());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(forum.get(created.location(), anonymous()).status()).isEqualTo(404);
        assertThat(forum.get("/threads/" + thread + "/posts", anonymous())
                        .json()
                        .get("items")
                        .values())
                .noneSatisfy(item -> assertThat(item.get("id").asString()).isEqualTo(postId));
        assertThat(forum.get("/users/" + ada.userId() + "/posts", anonymous())
                        .json()
                        .get("items")
                        .values())
                .noneSatisfy(item -> assertThat(item.get("id").asString()).isEqualTo(postId));
        assertThat(forum.get("/threads/" + thread, anonymous())
                        .json()
                        .get("postCount")
                        .asInt())
                .isEqualTo(1);
        Map<String, Object> audit = jdbc.sql(
                        "SELECT body, deleted_at, deleted_by_id, deleted_by_name FROM posts WHERE id = :id")
                .param("id", UUID.fromString(postId))
                .query()
                .singleRow();
        assertThat(audit.get("body")).isEqualTo("spam spam");
        assertThat(audit.get("deleted_at")).isNotNull();
        assertThat(audit.get("deleted_by_id")).isEqualTo(UUID.fromString(mod.userId()));
        assertThat(audit.get("deleted_by_name")).isEqualTo("mod");
        assertThat(forum.patch(created.location(), ada, created.etag(), toJson(Map.of("body", "back")))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void deleteWhenOwnPostThenGone() {
        Passport ada = member("ada");
        Reply created = reply(startThread(ada), ada, "oops");

        assertThat(forum.delete(created.location(), ada, created.etag()).status())
                .isEqualTo(204);
        assertThat(forum.get(created.location(), anonymous()).status()).isEqualTo(404);
    }

    @Test
    void userPostsWhenReadThenNewestFirstAndPaged() {
        Passport ada = member("ada");
        String thread = startThread(ada);
        reply(thread, ada, "second");
        reply(thread, ada, "third");
        reply(thread, member("bob"), "not ada's");

        Reply first = forum.get("/users/" + ada.userId() + "/posts?size=2", anonymous());
        String cursor = first.json().get("next").asString();
        Reply second = forum.get("/users/" + ada.userId() + "/posts?size=2&cursor=" + cursor, anonymous());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("items").values())
                .extracting(item -> item.get("body").asString())
                .containsExactly("third", "second");
        assertThat(second.json().get("items").values())
                .extracting(item -> item.get("body").asString())
                .containsExactly("opening");
        assertThat(second.json().get("next").isNull()).isTrue();
    }

    @Test
    void replyWhenFiftyConcurrentRequestsThenAllStoredAndCountExact() throws Exception {
        String thread = startThread(member("op"));
        int replies = 50;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < replies; i++) {
                Passport writer = member("writer" + i);
                String body = "concurrent " + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return reply(thread, writer, body).status();
                }));
            }
            long started = System.nanoTime();
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            }
            System.out.printf(
                    "%d concurrent replies over HTTP into one thread: %d ms%n",
                    replies, (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }

        assertThat(forum.get("/threads/" + thread, anonymous())
                        .json()
                        .get("postCount")
                        .asInt())
                .isEqualTo(replies + 1);
        assertThat(countPosts(thread)).isEqualTo(replies + 1);
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = forum.get(
                            "/threads/" + thread + "/posts?size=100" + ((cursor != null) ? "&cursor=" + cursor : ""),
                            anonymous())
                    .json();
            all.addAll(page.get("items").values());
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);
        assertThat(all).hasSize(replies + 1);
        assertThat(all).extracting(post -> post.get("position").asLong()).doesNotHaveDuplicates();
    }

    private long countPosts(String thread) {
        return jdbc.sql("SELECT count(*) FROM posts WHERE thread_id = :id")
                .param("id", UUID.fromString(thread))
                .query(Long.class)
                .single();
    }
}
