package dev.tessera.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real HTTP server on a free loopback port that records what it receives: the upstream services and
 * the JWKS endpoint in gateway tests.
 */
final class StubServer implements AutoCloseable {

    /** What the stub received; header names lower-cased, every value kept. */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {

        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of());
        }
    }

    /** One answer: status, headers and body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to some answers, which would swamp the latencies tests report.
        // Read once per JVM when the first server starts, so it is set before any is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final BlockingDeque<Received> received = new LinkedBlockingDeque<>();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile Supplier<String> body = () -> "{\"ok\":true}";
    private volatile int status = 200;
    private volatile Map<String, String> responseHeaders = Map.of("Content-Type", "application/json");
    private volatile Duration slowDelay = Duration.ofSeconds(5);
    /** When set, decides every answer from the request (a stub of several endpoints); else the fields above. */
    private volatile Function<Received, Answer> answers;

    private StubServer(HttpServer server) {
        this.server = server;
    }

    static StubServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubServer stub = new StubServer(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(16, runnable -> {
                Thread thread =
                        new Thread(runnable, "stub-" + server.getAddress().getPort());
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return stub;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        Received request = new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(request);
        if (exchange.getRequestURI().getRawPath().contains("/slow")) {
            try {
                Thread.sleep(slowDelay.toMillis());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        Function<Received, Answer> decide = answers;
        Answer answer = (decide != null) ? decide.apply(request) : new Answer(status, responseHeaders, body.get());
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void respondWith(int status, Supplier<String> body) {
        respondWith(status, Map.of("Content-Type", "application/json"), body);
    }

    void respondWith(int status, Map<String, String> headers, Supplier<String> body) {
        this.answers = null;
        this.status = status;
        this.responseHeaders = Map.copyOf(headers);
        this.body = body;
    }

    /** Answers each request as the function decides, until the next {@code respondWith}. */
    void respondWith(Function<Received, Answer> answers) {
        this.answers = answers;
    }

    int hits() {
        return hits.get();
    }

    /** Forgets what was received so far. */
    void reset() {
        received.clear();
    }

    /** Forgets what was received so far and answers as a new stub does: 200 {@code {"ok":true}}, quickly. */
    void restoreDefaults() {
        reset();
        respondWith(200, () -> "{\"ok\":true}");
    }

    /** The next request received within two seconds, or {@code null}. */
    Received next() throws InterruptedException {
        return received.poll(2, TimeUnit.SECONDS);
    }

    /** Whether nothing else arrives within a short while. */
    boolean nothingReceived() throws InterruptedException {
        return received.poll(200, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
