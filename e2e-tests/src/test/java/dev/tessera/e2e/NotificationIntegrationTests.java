package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The second downstream service and the service-to-service call, across processes: a reply in forum-service reaches
 * the thread's author as a notification in notification-service, carried by forum-service's own machine token; the
 * internal endpoint refuses a user's token, another client's and a token without the scope.
 */
@Order(9)
class NotificationIntegrationTests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private TesseraSystem system;

    private Api gateway;

    @BeforeEach
    void setUp() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
    }

    private String login(String name) {
        return this.gateway
                .registerAndLogin(name, "notify me please " + name + " 7")
                .get("access_token")
                .asString();
    }

    @Test
    void replyWhenToAnotherMembersThreadThenTheAuthorIsNotifiedThroughTheGateway() {
        String ada = login(unique("ada"));
        String bea = unique("bea");
        String beaToken = login(bea);
        String title = "Who replies? " + UUID.randomUUID();
        String threadId = this.gateway
                .createThread(ada, title, "Anyone?")
                .json()
                .get("id")
                .asString();

        Response reply = this.gateway.post(
                "/api/forum/threads/" + threadId + "/posts",
                Map.of("body", "Me."),
                "Authorization",
                "Bearer " + beaToken);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Response unread =
                            this.gateway.get("/api/notifications/unread-count", "Authorization", "Bearer " + ada);
                    assertThat(unread.status()).as(unread.toString()).isEqualTo(200);
                    assertThat(unread.json().get("unread").asLong()).isEqualTo(1);
                });
        Response list = this.gateway.get("/api/notifications", "Authorization", "Bearer " + ada);
        JsonNode notification = list.json().get("items").get(0);
        assertThat(notification.get("threadTitle").asString()).isEqualTo(title);
        assertThat(notification.get("actorName").asString()).isEqualTo(bea);
        assertThat(this.gateway
                        .get("/api/notifications/unread-count", "Authorization", "Bearer " + beaToken)
                        .json()
                        .get("unread")
                        .asLong())
                .as("the replier is not notified")
                .isZero();
        assertThat(this.gateway.get("/api/notifications").status())
                .as("anonymous")
                .isEqualTo(401);

        Response read = this.gateway.post(
                "/api/notifications/" + notification.get("id").asString() + "/read",
                null,
                "Authorization",
                "Bearer " + ada);
        assertThat(read.status()).as(read.toString()).isBetween(200, 204);
        assertThat(this.gateway
                        .get("/api/notifications/unread-count", "Authorization", "Bearer " + ada)
                        .json()
                        .get("unread")
                        .asLong())
                .isZero();
    }

    @Test
    void internalEndpointWhenCalledWithoutForumsOwnMachineTokenThenRefused() throws Exception {
        String adminToken = this.system.adminToken(this.gateway);
        String readerSecret =
                registerClient(adminToken, unique("reader-"), "notification-service", "notifications:read");
        String forumOnlySecret =
                registerClient(adminToken, unique("forum-only-"), "forum-service", "notifications:write");
        Api notify = new Api(this.system.serviceUri(Service.NOTIFY));
        Map<String, Object> event = Map.of(
                "eventId", UUID.randomUUID().toString(),
                "threadId", UUID.randomUUID().toString(),
                "threadTitle", "Forged",
                "threadAuthorId", UUID.randomUUID().toString(),
                "postId", UUID.randomUUID().toString(),
                "replyAuthorId", UUID.randomUUID().toString(),
                "replyAuthorName", "mallory",
                "createdAt", Instant.now().toString());

        Response none = notify.post("/internal/reply-events", event);
        Response userToken = notify.post("/internal/reply-events", event, "Authorization", "Bearer " + adminToken);
        Response withoutScope = notify.post(
                "/internal/reply-events",
                event,
                "Authorization",
                "Bearer "
                        + machineToken(readerSecret.split(" ")[0], readerSecret.split(" ")[1], "notification-service"));
        Response otherAudience = notify.post(
                "/internal/reply-events",
                event,
                "Authorization",
                "Bearer "
                        + machineToken(
                                forumOnlySecret.split(" ")[0], forumOnlySecret.split(" ")[1], "forum-service"));
        Response forum = notify.post(
                "/internal/reply-events",
                event,
                "Authorization",
                "Bearer " + machineToken("forum-service", this.system.forumClientSecret(), "notification-service"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(userToken.status()).as("a user's access token").isEqualTo(401);
        assertThat(withoutScope.status())
                .as("another client, without notifications:write")
                .isEqualTo(403);
        assertThat(otherAudience.status()).as("a token for another service").isEqualTo(401);
        assertThat(forum.status()).as("control: forum-service's own token").isEqualTo(202);
    }

    /** Registers a client through the gateway's admin API; answers "id secret". */
    private String registerClient(String adminToken, String clientId, String audience, String scope) {
        Response registered = this.gateway.post(
                "/api/auth/admin/clients",
                Map.of("clientId", clientId, "audiences", List.of(audience), "scopes", List.of(scope)),
                "Authorization",
                "Bearer " + adminToken);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return clientId + " " + registered.json().get("clientSecret").asString();
    }

    /** The client credentials grant, straight at auth-service, as a service inside the deployment calls it. */
    private String machineToken(String clientId, String secret, String audience) throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(this.system.serviceUri(Service.AUTH) + "/auth/oauth2/token"))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "grant_type=client_credentials&audience=" + audience))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("access_token").asString();
    }
}
