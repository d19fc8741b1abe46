package dev.tessera.notify;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import dev.tessera.testsupport.PassportMinter;
import dev.tessera.testsupport.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to notification-service: users with passports as the gateway mints them, forum-service with tokens. */
public final class NotifyClient {

    /** notification-service's passport key in tests. */
    public static final String PASSPORT_KEY = "QkFDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";

    /** auth-service's keys, as the tests' issuer (one per test JVM). */
    public static final TestIssuer ISSUER = TestIssuer.start();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PassportMinter minter = new PassportMinter(PASSPORT_KEY, "notification-service");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final int port;

    public NotifyClient(int port) {
        this.port = port;
    }

    /** A user's request through the gateway. */
    public Response asUser(UUID userId, String method, String path, String json) {
        String passport = minter.sign(
                Passport.caller(
                        userId.toString(), "user-" + userId.toString().substring(0, 6), Set.of("USER"), null, null),
                method,
                path);
        return send(method, path, json, PassportSigner.HEADER, passport);
    }

    /** forum-service reporting a reply with a machine token of the given scope. */
    public Response event(Map<String, Object> event, String scope) {
        return send(
                "POST",
                "/internal/reply-events",
                JSON.writeValueAsString(event),
                "Authorization",
                "Bearer " + ISSUER.machineToken("forum-service", "notification-service", scope));
    }

    /** A reply event: {@code replier} answered {@code author}'s thread. */
    public static Map<String, Object> replyEvent(UUID author, UUID replier, String title) {
        return Map.of(
                "eventId", UUID.randomUUID().toString(),
                "threadId", UUID.randomUUID().toString(),
                "threadTitle", title,
                "threadAuthorId", author.toString(),
                "postId", UUID.randomUUID().toString(),
                "replyAuthorId", replier.toString(),
                "replyAuthorName", "Bea",
                "createdAt", Instant.now().toString());
    }

    public Response send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(20))
                .method(
                        method,
                        (json != null)
                                ? HttpRequest.BodyPublishers.ofString(json)
                                : HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new Response(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** An answer. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
