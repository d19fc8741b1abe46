package dev.tessera.forum.notify;

import static dev.tessera.forum.ForumClient.member;
import static dev.tessera.forum.ForumClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tessera.forum.ForumClient;
import dev.tessera.forum.ForumTest;
import dev.tessera.passport.Passport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replies reach notification-service through the outbox, with forum-service's own machine token; a
 * notification-service that is down never costs a reply. Real HTTP to stand-ins of auth-service's token endpoint
 * and of notification-service.
 */
@ForumTest
@TestPropertySource(
        properties = {
            "tessera.forum.notifications.client-secret=" + ReplyNotificationTests.CLIENT_SECRET,
            "tessera.forum.notifications.poll-interval=100ms"
        })
class ReplyNotificationTests {

    static final String CLIENT_SECRET = "forum-client-secret-for-tests-only-0123456789";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Stubs STUBS = new Stubs();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        registry.add("tessera.forum.notifications.uri", STUBS::uri);
        registry.add("tessera.forum.notifications.token-uri", () -> STUBS.uri() + "/auth/oauth2/token");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MachineToken token;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
        // Events left by an earlier test (one whose notification-service stayed "down") must not arrive in this one.
        jdbc.sql("DELETE FROM reply_outbox").update();
        STUBS.reset();
        token.forget();
    }

    private String thread(Passport author) {
        return forum.post("/threads", author, toJson(Map.of("title", "Is anyone there?", "body", "Hello")))
                .json()
                .get("id")
                .asString();
    }

    private JsonNode reply(String threadId, Passport replier) {
        ForumClient.Reply reply = forum.post("/threads/" + threadId + "/posts", replier, toJson(Map.of("body", "Yes")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private long waiting(String threadId) {
        return jdbc.sql("SELECT count(*) FROM reply_outbox WHERE thread_id = :id::uuid")
                .param("id", threadId)
                .query(Long.class)
                .single();
    }

    @Test
    void replyWhenNotificationServiceAnswersThenTheEventArrivesWithForumsOwnToken() {
        Passport ada = member("ada");
        Passport bea = member("bea");
        String threadId = thread(ada);

        JsonNode post = reply(threadId, bea);

        await().atMost(Duration.ofSeconds(10)).until(() -> STUBS.events.size() == 1);
        Stubs.Received event = STUBS.events.get(0);
        assertThat(event.authorization()).isEqualTo("Bearer machine-token-1");
        assertThat(event.body().get("threadAuthorId").asString()).isEqualTo(ada.userId());
        assertThat(event.body().get("replyAuthorId").asString()).isEqualTo(bea.userId());
        assertThat(event.body().get("postId").asString())
                .isEqualTo(post.get("id").asString());
        assertThat(event.body().get("threadTitle").asString()).isEqualTo("Is anyone there?");
        assertThat(STUBS.tokenRequests.get(0))
                .contains("grant_type=client_credentials")
                .contains("audience=notification-service")
                .contains("scope=notifications%3Awrite");
        assertThat(STUBS.tokenAuthorizations.get(0))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString(("forum-service:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting(threadId) == 0);
    }

    @Test
    void replyWhenRelayedThenTheCallCarriesAW3cTraceparent() {
        String threadId = thread(member("ada"));

        reply(threadId, member("bea"));

        await().atMost(Duration.ofSeconds(10)).until(() -> STUBS.events.size() == 1);
        // Boot's RestClient.Builder (observation) with Micrometer Tracing: notification-service's lines of this call
        // share the relay's trace id.
        assertThat(STUBS.events.get(0).traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void replyWhenToOnesOwnThreadThenNoEvent() throws InterruptedException {
        Passport ada = member("ada");
        String threadId = thread(ada);

        reply(threadId, ada);

        assertThat(waiting(threadId)).isZero();
        Thread.sleep(300);
        assertThat(STUBS.events).isEmpty();
    }

    @Test
    void replyWhenNotificationServiceIsDownThenTheReplyStandsAndTheEventArrivesLater() {
        STUBS.status.set(503);
        String threadId = thread(member("ada"));

        reply(threadId, member("bea"));

        await().atMost(Duration.ofSeconds(10)).until(() -> STUBS.attempts.get() >= 2);
        assertThat(waiting(threadId)).isEqualTo(1);
        STUBS.status.set(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> waiting(threadId) == 0);
        assertThat(STUBS.events)
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(event -> assertThat(event.body().get("eventId"))
                        .isEqualTo(STUBS.events.get(0).body().get("eventId")));
    }

    @Test
    void replyWhenTheTokenIsRefusedThenANewOneIsFetchedAndUsed() {
        STUBS.status.set(401);
        String threadId = thread(member("ada"));

        reply(threadId, member("bea"));

        await().atMost(Duration.ofSeconds(10)).until(() -> STUBS.attempts.get() >= 1);
        STUBS.status.set(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> waiting(threadId) == 0);
        assertThat(STUBS.tokenRequests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(STUBS.events.get(STUBS.events.size() - 1).authorization())
                .isNotEqualTo(STUBS.events.get(0).authorization());
    }

    @Test
    void eventWhenNotificationServiceRejectsItAsMalformedThenDroppedNotRetried() throws InterruptedException {
        STUBS.status.set(400);
        String threadId = thread(member("ada"));

        reply(threadId, member("bea"));

        await().atMost(Duration.ofSeconds(10)).until(() -> waiting(threadId) == 0);
        int attempts = STUBS.attempts.get();
        Thread.sleep(500);
        assertThat(STUBS.attempts.get()).isEqualTo(attempts).isEqualTo(1);
    }

    @Test
    void repliesWhenSeveralThenOneTokenServesThemAll() {
        String threadId = thread(member("ada"));

        for (int i = 0; i < 4; i++) {
            reply(threadId, member("bea" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> waiting(threadId) == 0);
        assertThat(STUBS.events).hasSize(4);
        assertThat(STUBS.tokenRequests).hasSize(1);
    }

    /** Stand-ins for auth-service's token endpoint and notification-service, on one loopback port. */
    static final class Stubs {

        record Received(String authorization, String traceparent, JsonNode body) {}

        final List<Received> events = new CopyOnWriteArrayList<>();

        final List<String> tokenRequests = new CopyOnWriteArrayList<>();

        final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

        final AtomicInteger attempts = new AtomicInteger();

        final AtomicInteger status = new AtomicInteger(202);

        private final AtomicInteger tokens = new AtomicInteger();

        private final HttpServer server;

        Stubs() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            server.createContext("/auth/oauth2/token", exchange -> {
                tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                tokenAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("{\"access_token\":\"machine-token-" + tokens.incrementAndGet()
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"notifications:write\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/internal/reply-events", exchange -> {
                attempts.incrementAndGet();
                events.add(new Received(
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("traceparent"),
                        JSON.readTree(exchange.getRequestBody().readAllBytes())));
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void reset() {
            events.clear();
            tokenRequests.clear();
            tokenAuthorizations.clear();
            attempts.set(0);
            status.set(202);
            tokens.set(0);
        }
    }
}
