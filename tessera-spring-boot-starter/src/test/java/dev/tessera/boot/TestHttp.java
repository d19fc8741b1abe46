package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import dev.tessera.testsupport.PassportMinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to a test application on a random port, with passports signed as the gateway signs them. */
final class TestHttp {

    static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    static final String AUDIENCE = "forum-service";

    static final Passport ALICE = Passport.caller("u-1", "alice", Set.of("USER"), "s", "j");

    static final Passport ROOT = Passport.caller("u-0", "root", Set.of("USER", "ADMIN"), "s", "j");

    static final Passport ANONYMOUS = Passport.anonymous(AUDIENCE, null, null);

    /** When {@link #MODERATOR} logged in, with a password and a code. */
    static final Instant MODERATOR_AUTH_TIME = Instant.parse("2026-03-01T11:50:00Z");

    /** A moderator after a login with a second factor, with forum-service's permissions of the role. */
    static final Passport MODERATOR = Passport.caller(
                    "u-2", "mod", Set.of("USER", "MODERATOR"), "s", "j", List.of("pwd", "otp"), MODERATOR_AUTH_TIME)
            .withPermissions(List.of("forum:post", "forum:moderate"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PassportMinter minter = new PassportMinter(SECRET, AUDIENCE);

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final int port;

    TestHttp(int port) {
        this.port = port;
    }

    String passport(Passport caller, String method, String path) {
        return this.minter.sign(caller, method, path);
    }

    /** A request as the gateway routes it: with a passport for {@code caller} bound to it (none when null). */
    Response send(String method, String path, Passport caller, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .method(
                        method,
                        (json != null)
                                ? HttpRequest.BodyPublishers.ofString(json)
                                : HttpRequest.BodyPublishers.noBody());
        if (caller != null) {
            request.header(PassportSigner.HEADER, passport(caller, method, path));
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    Response send(HttpRequest request) {
        try {
            return new Response(this.client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    /** Bytes Java's client would refuse to send (a malformed request line), straight over a socket. */
    String raw(String requestHead) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    record Response(HttpResponse<String> raw) {

        int status() {
            return this.raw.statusCode();
        }

        String body() {
            return this.raw.body();
        }

        String header(String name) {
            return this.raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(this.raw.body());
        }

        String text(String member) {
            return json().path(member).asString();
        }

        @Override
        public String toString() {
            return this.raw.statusCode() + " " + this.raw.body();
        }
    }
}
