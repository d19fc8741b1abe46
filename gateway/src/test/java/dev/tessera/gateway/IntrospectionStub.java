package dev.tessera.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * auth-service's {@code /internal/introspect} as a real HTTP server on a fixed loopback port that a test
 * can stop (connection refused) and start again, make slow, make hang until released, or make answer anything.
 */
final class IntrospectionStub {

    record Call(String method, String rawPath, String passport, String body) {}

    private final int port;
    private final BlockingDeque<Call> calls = new LinkedBlockingDeque<>();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile HttpServer server;
    private volatile int status = 200;
    private volatile String answer = "{\"active\":false}";
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    IntrospectionStub() {
        this.port = GatewayTestSupport.closedPort();
        start();
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            created.createContext("/", exchange -> {
                hits.incrementAndGet();
                calls.add(new Call(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("X-Tessera-Passport"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                try {
                    hold.await();
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            created.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "introspection-stub");
                thread.setDaemon(true);
                return thread;
            }));
            created.start();
            server = created;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    synchronized void stop() {
        release();
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    void answer(int status, String json, Duration delay) {
        this.status = status;
        this.answer = json;
        this.delay = delay;
    }

    /**
     * Takes calls and answers none of them until {@link #release()} (or {@link #reset()}, {@link #stop()}): a hang
     * that outlasts any timeout, however slow the machine, so a test of the gateway's timeout does not depend on it
     * being short.
     */
    void hang(int status, String json) {
        answer(status, json, Duration.ZERO);
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    void active(String sub, String username, String roles, long exp, String sid) {
        answer(
                200,
                "{\"active\":true,\"sub\":\"" + sub + "\",\"username\":\"" + username + "\",\"roles\":" + roles
                        + ",\"exp\":" + exp + ",\"sid\":\"" + sid + "\"}",
                Duration.ZERO);
    }

    int hits() {
        return hits.get();
    }

    Call next() throws InterruptedException {
        return calls.poll(2, java.util.concurrent.TimeUnit.SECONDS);
    }

    void reset() {
        release();
        calls.clear();
    }
}
