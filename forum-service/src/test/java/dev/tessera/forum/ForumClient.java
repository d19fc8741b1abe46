package dev.tessera.forum;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import dev.tessera.testsupport.PassportMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the running forum over real HTTP, the way the gateway does: every request carries a
 * passport minted for exactly that method and path by the shared {@link PassportMinter}.
 */
public final class ForumClient {

    /** The passport secret of the test application (base64 of 48 ASCII bytes; not the development one). */
    public static final String SECRET = "Zm9ydW0tc2VydmljZS10ZXN0cy1wYXNzcG9ydC1zZWNyZXQtMDEyMzQ1Njc4OWFi";

    public static final String AUDIENCE = "forum-service";

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;

    private final PassportMinter minter = new PassportMinter(SECRET, AUDIENCE);

    public ForumClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static Passport member(String name) {
        return user(name, Set.of("USER"));
    }

    /** A moderator, with the forum permissions auth-service's seeded policy (V16) gives the role. */
    public static Passport moderator(String name) {
        return user(name, Set.of("USER", "MODERATOR")).withPermissions(List.of("forum:moderate", "forum:post"));
    }

    /** An administrator, with the forum permissions auth-service's seeded policy (V16) gives the role. */
    public static Passport admin(String name) {
        return user(name, Set.of("USER", "ADMIN")).withPermissions(List.of("forum:moderate", "forum:post"));
    }

    public static Passport user(String name, Set<String> roles) {
        return PassportMinter.callerWithFreshIds(UUID.randomUUID().toString(), name, roles);
    }

    public static Passport anonymous() {
        return Passport.anonymous(AUDIENCE, null, null);
    }

    /** A passport for this request, signed as the gateway would. */
    public String passport(Passport caller, String method, String pathAndQuery) {
        return minter.sign(caller, method, pathAndQuery);
    }

    /** A passport minted with another signer, audience or clock. */
    public static String passport(
            String secret, Clock clock, Passport caller, String audience, String method, String pathAndQuery) {
        return new PassportMinter(secret, audience, clock).sign(caller, method, pathAndQuery);
    }

    public Reply get(String path, Passport caller) {
        return send("GET", path, caller, null, null, null);
    }

    public Reply post(String path, Passport caller, String body) {
        return send("POST", path, caller, body, "application/json", null);
    }

    public Reply patch(String path, Passport caller, String ifMatch, String body) {
        return send("PATCH", path, caller, body, "application/json", ifMatch);
    }

    public Reply delete(String path, Passport caller, String ifMatch) {
        return send("DELETE", path, caller, null, null, ifMatch);
    }

    public Reply send(String method, String path, Passport caller, String body, String contentType, String ifMatch) {
        String passport = (caller != null) ? passport(caller, method, path) : null;
        return exchange(method, path, passport, body, contentType, ifMatch);
    }

    /** A GET with one extra request header. */
    public Reply get(String path, Passport caller, String header, String value) {
        return exchange("GET", path, passport(caller, "GET", path), null, null, null, header, value);
    }

    /** Sends exactly this passport header (or none when {@code null}). */
    public Reply exchange(
            String method, String path, String passport, String body, String contentType, String ifMatch) {
        return exchange(method, path, passport, body, contentType, ifMatch, null, null);
    }

    private Reply exchange(
            String method,
            String path,
            String passport,
            String body,
            String contentType,
            String ifMatch,
            String header,
            String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        (body != null)
                                ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                                : HttpRequest.BodyPublishers.noBody());
        if (passport != null) {
            request.header(PassportSigner.HEADER, passport);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (header != null) {
            request.header(header, value);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public static String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    /** A response, its body parsed as JSON when there is one. */
    public record Reply(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String text() {
            return response.body();
        }

        public JsonNode json() {
            return json.readTree(response.body());
        }

        /** The {@code Location} header resolved against the request URI, as a path. */
        public String location() {
            String location = header("Location");
            return (location != null) ? response.uri().resolve(location).getRawPath() : null;
        }

        public String etag() {
            return header("ETag");
        }

        @Override
        public String toString() {
            return status() + " " + response.body();
        }
    }
}
