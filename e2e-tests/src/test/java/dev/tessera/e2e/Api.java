package dev.tessera.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the end-to-end tests: JSON in, status + JSON out. */
final class Api {

    static final JsonMapper json = JsonMapper.builder().build();

    private static final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI base;

    Api(URI base) {
        this.base = base;
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    Response send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            String text = (body instanceof String string) ? string : json.writeValueAsString(body);
            request.method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Registers a user and logs in; returns the login response's JSON. */
    /** A name no other test uses: {@code prefix} and 10 random hex digits (usernames take up to 32 characters). */
    static String unique(String prefix) {
        return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    JsonNode registerAndLogin(String username, String password) {
        Response registered = post(
                "/api/auth/register", Map.of("username", username, "password", password, "display_name", username));
        if (registered.status() != 201) {
            throw new IllegalStateException("register " + username + ": " + registered);
        }
        return login(username, password);
    }

    /** Creates a forum thread through the gateway as the holder of {@code accessToken}. */
    Response createThread(String accessToken, String title, String body) {
        return post(
                "/api/forum/threads", Map.of("title", title, "body", body), "Authorization", "Bearer " + accessToken);
    }

    JsonNode login(String username, String password) {
        Response login = post("/api/auth/login", Map.of("username", username, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login " + username + ": " + login);
        }
        return login.json();
    }

    record Response(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return Api.json.readTree(this.body);
        }

        String header(String name) {
            return this.raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return this.status + " " + this.body;
        }
    }
}
