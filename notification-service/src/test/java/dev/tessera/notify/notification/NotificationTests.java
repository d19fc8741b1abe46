package dev.tessera.notify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.notify.NotifyClient;
import dev.tessera.notify.NotifyTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** Reply notifications end to end inside the service: forum-service reports, the thread's author reads. */
@NotifyTest
class NotificationTests {

    private static final String SCOPE = "notifications:write";

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient database;

    NotifyClient client;

    UUID author;

    UUID replier;

    @BeforeEach
    void setUp() {
        client = new NotifyClient(port);
        author = UUID.randomUUID();
        replier = UUID.randomUUID();
    }

    private long stored(Object eventId) {
        return database.sql("SELECT count(*) FROM notification WHERE event_id = :id")
                .bind("id", UUID.fromString(eventId.toString()))
                .map((row, metadata) -> row.get(0, Long.class))
                .one()
                .block();
    }

    @Test
    void replyWhenReportedThenTheThreadAuthorSeesItUnreadAndCanMarkItRead() {
        Map<String, Object> event = NotifyClient.replyEvent(author, replier, "Hello, Tessera");

        assertThat(client.event(event, SCOPE).status()).isEqualTo(202);

        NotifyClient.Response list = client.asUser(author, "GET", "/notifications", null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode item = list.json().get("items").get(0);
        assertThat(item.get("threadTitle").asString()).isEqualTo("Hello, Tessera");
        assertThat(item.get("actorName").asString()).isEqualTo("Bea");
        assertThat(item.get("read").asBoolean()).isFalse();
        assertThat(list.json().get("unread").asLong()).isEqualTo(1);

        String id = item.get("id").asString();
        assertThat(client.asUser(author, "POST", "/notifications/" + id + "/read", null)
                        .status())
                .isEqualTo(204);
        assertThat(client.asUser(author, "GET", "/notifications/unread-count", null)
                        .json()
                        .get("unread")
                        .asLong())
                .isZero();
    }

    @Test
    void replyWhenReportedTwiceThenStoredOnce() {
        Map<String, Object> event = NotifyClient.replyEvent(author, replier, "Twice");

        assertThat(client.event(event, SCOPE).status()).isEqualTo(202);
        assertThat(client.event(event, SCOPE).status()).isEqualTo(202);

        assertThat(stored(event.get("eventId"))).isEqualTo(1);
        assertThat(client.asUser(author, "GET", "/notifications", null)
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void replyWhenToOnesOwnThreadThenNobodyIsNotified() {
        Map<String, Object> event = NotifyClient.replyEvent(author, author, "Talking to myself");

        assertThat(client.event(event, SCOPE).status()).isEqualTo(202);

        assertThat(stored(event.get("eventId"))).isZero();
    }

    @Test
    void notificationWhenSomeoneElseTriesToReadItThenNotFoundAndUnchanged() {
        client.event(NotifyClient.replyEvent(author, replier, "Mine"), SCOPE);
        String id = client.asUser(author, "GET", "/notifications", null)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        UUID stranger = UUID.randomUUID();

        NotifyClient.Response refused = client.asUser(stranger, "POST", "/notifications/" + id + "/read", null);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(client.asUser(stranger, "GET", "/notifications", null)
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(client.asUser(author, "GET", "/notifications/unread-count", null)
                        .json()
                        .get("unread")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void listWhenMoreThanAPageThenCursorWalksEveryNotificationOnce() {
        for (int i = 0; i < 5; i++) {
            client.event(NotifyClient.replyEvent(author, replier, "Reply " + i), SCOPE);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            NotifyClient.Response page = client.asUser(
                    author, "GET", "/notifications?limit=2" + (cursor != null ? "&before=" + cursor : ""), null);
            page.json()
                    .get("items")
                    .forEach(item ->
                            assertThat(seen.add(item.get("id").asString())).isTrue());
            cursor = page.json().path("next").isNull()
                    ? null
                    : page.json().path("next").asString(null);
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);
        assertThat(client.asUser(author, "POST", "/notifications/read-all", null)
                        .status())
                .isEqualTo(204);
        assertThat(client.asUser(author, "GET", "/notifications/unread-count", null)
                        .json()
                        .get("unread")
                        .asLong())
                .isZero();
    }

    @Test
    void listWhenCursorForgedThen400Problem() {
        NotifyClient.Response response = client.asUser(author, "GET", "/notifications?before=AAAA", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:tessera:problem:invalid-cursor");
    }

    @Test
    void eventWhenInvalidThen400AndNothingStored() {
        Map<String, Object> event = new HashMap<>(NotifyClient.replyEvent(author, replier, "x"));
        event.put("threadTitle", "");

        NotifyClient.Response response = client.event(event, SCOPE);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:tessera:problem:invalid-event");
        assertThat(stored(event.get("eventId"))).isZero();
    }

    @Test
    void eventWhenNotForumsMachineTokenWithTheScopeThenRefusedAndNothingStored() {
        Map<String, Object> event = NotifyClient.replyEvent(author, replier, "Sneaky");

        NotifyClient.Response wrongScope = client.event(event, "notifications:read");
        NotifyClient.Response none = client.send("POST", "/internal/reply-events", "{}");
        NotifyClient.Response userToken = client.send(
                "POST",
                "/internal/reply-events",
                "{}",
                "Authorization",
                "Bearer " + NotifyClient.ISSUER.userToken(author.toString(), "notification-service"));
        NotifyClient.Response otherAudience = client.send(
                "POST",
                "/internal/reply-events",
                "{}",
                "Authorization",
                "Bearer " + NotifyClient.ISSUER.machineToken("forum-service", "auth-service", "notifications:write"));
        NotifyClient.Response passportOnly = client.asUser(author, "POST", "/internal/reply-events", "{}");

        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(none.status()).isEqualTo(401);
        assertThat(userToken.status()).isEqualTo(401);
        assertThat(otherAudience.status()).isEqualTo(401);
        assertThat(passportOnly.status()).isEqualTo(401);
        assertThat(stored(event.get("eventId"))).isZero();
    }

    @Test
    void notificationsWhenNoPassportOrAnonymousThen401() {
        assertThat(client.send("GET", "/notifications", null).status()).isEqualTo(401);
        assertThat(client.send(
                                "GET",
                                "/notifications",
                                null,
                                "Authorization",
                                "Bearer "
                                        + NotifyClient.ISSUER.machineToken(
                                                "forum-service", "notification-service", SCOPE))
                        .status())
                .as("a machine token does not open user paths")
                .isEqualTo(401);
    }
}
