package dev.tessera.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The tests' client for well-formed requests to a gateway: HTTP/1.1 over {@code java.net.http}, answers read as
 * strings. One per test instance, so that no test inherits another's pooled connections. What this client will not
 * send (malformed heads, a request dribbled byte by byte, several on one connection) goes through {@link
 * RawConnection}.
 */
final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final IntSupplier port;

    /** The port is read at each request: {@code @LocalServerPort} is injected after the test's fields are set. */
    GatewayClient(IntSupplier port) {
        this.port = port;
    }

    /** A request to the path on the gateway's loopback address, given up after ten seconds. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + path))
                .timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
