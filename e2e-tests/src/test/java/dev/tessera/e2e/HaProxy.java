package dev.tessera.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's package, {@code haproxy}) in front of the replicas of each service, as a child process of the
 * test: one HTTP proxy per service on its own port, round robin over the service's instances, no sticky sessions.
 * An instance is in rotation while {@code GET /actuator/health/readiness} on its management port answers 200,
 * checked every {@value #CHECK_INTERVAL_MS} ms: one failed check takes it out, two passed ones bring it back. A
 * request that could not be delivered (connection refused, connection closed without a response) is retried on
 * another instance. A test may pin one request to one instance with the header {@value #PIN_HEADER}: the name of
 * the instance; without it, round robin.
 */
final class HaProxy implements AutoCloseable {

    static final String PIN_HEADER = "X-E2E-Server";

    static final int CHECK_INTERVAL_MS = 200;

    /** One instance of a service: its name in HAProxy, its port, and the management port of its readiness check. */
    record Server(String name, int port, int managementPort) {}

    /** One service: the port HAProxy listens on for it, and its instances. */
    record Proxy(String name, int port, List<Server> servers) {}

    /** One instance's line of HAProxy's statistics. */
    record ServerStats(String status, long sessions, long responses4xx, long responses5xx) {}

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;

    private final int statsPort;

    private final Map<String, Proxy> proxies = new HashMap<>();

    private HaProxy(Process process, int statsPort, List<Proxy> proxies) {
        this.process = process;
        this.statsPort = statsPort;
        proxies.forEach(proxy -> this.proxies.put(proxy.name(), proxy));
    }

    /** Writes the configuration into {@code directory}, starts HAProxy and waits until its statistics answer. */
    static HaProxy start(Path directory, int statsPort, List<Proxy> proxies) {
        try {
            Files.createDirectories(directory);
            Path config = directory.resolve("haproxy.cfg");
            Files.writeString(config, config(statsPort, proxies));
            Path log = directory.resolve("haproxy.log");
            Process process = new ProcessBuilder("haproxy", "-f", config.toString(), "-db")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            HaProxy haProxy = new HaProxy(process, statsPort, proxies);
            haProxy.awaitStats(log);
            return haProxy;
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not start haproxy (apt-get install haproxy)", ex);
        }
    }

    static String config(int statsPort, List<Proxy> proxies) {
        StringBuilder config = new StringBuilder();
        config.append("""
                global
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 1s
                    timeout client 60s
                    timeout server 60s
                    # A slow answer is not a refusal: on a busy machine every check may stall for a second at once, and
                    # with fall 1 a short timeout would take every instance out together. A leaving instance answers
                    # 503 at once (readiness REFUSING_TRAFFIC), which is what takes it out.
                    timeout check 5s
                    # Round robin; nothing ties a client to an instance (no cookie, no source hash).
                    balance roundrobin
                    # Readiness decides rotation: one failed check takes an instance out, two passed ones bring it back.
                    option httpchk GET /actuator/health/readiness
                    default-server inter %dms fastinter %dms downinter %dms fall 1 rise 2
                    # A request that never reached an application (refused, or closed without an answer) goes to another one.
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats

                """.formatted(CHECK_INTERVAL_MS, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS, statsPort));
        for (Proxy proxy : proxies) {
            config.append("listen ").append(proxy.name()).append('\n');
            config.append("    bind 127.0.0.1:").append(proxy.port()).append('\n');
            for (Server server : proxy.servers()) {
                config.append("    use-server ")
                        .append(server.name())
                        .append(" if { req.hdr(")
                        .append(PIN_HEADER)
                        .append(") -m str ")
                        .append(server.name())
                        .append(" }\n");
            }
            for (Server server : proxy.servers()) {
                config.append("    server ")
                        .append(server.name())
                        .append(" 127.0.0.1:")
                        .append(server.port())
                        .append(" check port ")
                        .append(server.managementPort())
                        .append('\n');
            }
            config.append('\n');
        }
        return config.toString();
    }

    URI uri(String proxy) {
        return URI.create("http://127.0.0.1:" + this.proxies.get(proxy).port());
    }

    /** The statistics of every instance, by {@code proxy/server}. */
    Map<String, ServerStats> stats() {
        String csv = fetch(URI.create("http://127.0.0.1:" + this.statsPort + "/stats;csv"));
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int pxname = header.indexOf("pxname");
        int svname = header.indexOf("svname");
        int status = header.indexOf("status");
        int stot = header.indexOf("stot");
        int hrsp4xx = header.indexOf("hrsp_4xx");
        int hrsp5xx = header.indexOf("hrsp_5xx");
        Map<String, ServerStats> stats = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length <= hrsp5xx || fields[svname].equals("FRONTEND") || fields[svname].equals("BACKEND")) {
                continue;
            }
            stats.put(
                    fields[pxname] + "/" + fields[svname],
                    new ServerStats(
                            fields[status], number(fields[stot]), number(fields[hrsp4xx]), number(fields[hrsp5xx])));
        }
        return stats;
    }

    /** Whether HAProxy currently sends requests to the instance (its readiness checks pass). */
    boolean inRotation(String proxy, String server) {
        ServerStats stats = stats().get(proxy + "/" + server);
        return stats != null
                && stats.status().startsWith("UP")
                && !stats.status().contains("going down");
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
            }
        } catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    ProcessHandle handle() {
        return this.process.toHandle();
    }

    private void awaitStats(Path log) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("haproxy exited; see " + log);
            }
            try {
                stats();
                return;
            } catch (IllegalStateException ex) {
                TesseraSystem.sleep(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("haproxy did not answer within 20 s; see " + log);
    }

    private static String fetch(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + ": " + response.statusCode());
            }
            return response.body();
        } catch (IOException ex) {
            throw new IllegalStateException(uri + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static long number(String field) {
        return field.isEmpty() ? 0 : Long.parseLong(field);
    }
}
