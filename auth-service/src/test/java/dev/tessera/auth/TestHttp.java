package dev.tessera.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to the service under test, with raw bytes so tests can compare bodies exactly. */
public final class TestHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public TestHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    public Response post(String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Any method, an optional JSON body. */
    public Response request(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        (json != null)
                                ? HttpRequest.BodyPublishers.ofString(json)
                                : HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public Response get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public Response send(HttpRequest request) {
        try {
            return new Response(this.client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public URI uri(String path) {
        return URI.create(this.base + path);
    }

    public static String json(Map<String, ?> fields) {
        return JSON.writeValueAsString(fields);
    }

    /** An HTTP response with helpers for the JSON body. */
    public record Response(HttpResponse<byte[]> raw) {

        public int status() {
            return this.raw.statusCode();
        }

        public byte[] bytes() {
            return this.raw.body();
        }

        public String body() {
            return new String(this.raw.body(), StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(this.raw.body());
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return (node == null || node.isNull()) ? null : node.asString();
        }

        public String header(String name) {
            return this.raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }
}
