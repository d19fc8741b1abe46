package dev.tessera.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Does the gateway's heap stay bounded however many distinct access tokens it sees (issue 7)? Starts a stub
 * of auth-service and forum-service on loopback (JWKS with its own RSA-2048 key, an empty revocation feed in
 * the format of {@code /internal/revocations}, an upstream answering 200 on the forum route only to a valid
 * authenticated passport for the token's {@code sub}), starts the real gateway jar as a process against it,
 * sends one authenticated request per distinct token through the gateway, and at checkpoints forces a full
 * GC in the gateway ({@code jcmd GC.run}) and reads the heap used after it ({@code jcmd GC.heap_info}) and
 * the verified-token cache size (actuator gauge {@code tessera.gateway.verified.tokens}). Prints a markdown
 * section.
 *
 * <p>Every request must answer 200: the route ({@code POST /api/forum/threads}) is authenticated, so a
 * rejected token is a 401 at the gateway, and the stub answers 403 unless the passport names the token's
 * subject. Non-200 answers are counted and reported, never measured as if they were verifications.
 *
 * <pre>
 * java -cp benchmarks.jar dev.tessera.benchmarks.GatewayHeap --gateway-jar=gateway/target/gateway-X.jar
 *     [--tokens=100000] [--port=18480] [--concurrency=8] [--gateway-java-opts="-Xmx256m -XX:+UseG1GC"]
 *     [--cache-size=10000 (passed on to the gateway; its default)] [--out=heap.md] [--log=gateway-heap.log]
 * </pre>
 */
public final class GatewayHeap {

    /** The development passport secret (docs/contracts.md, "Secrets and the dev profile"). */
    /** Keys of this run only: forum-service's (checked here) and auth-service's (the gateway needs one). */
    private static final String FORUM_PASSPORT_KEY = randomKey();

    private static final String AUTH_PASSPORT_KEY = randomKey();

    /** The gateway refuses to start without a key for every route's audience, notification-service's too. */
    private static final String NOTIFY_PASSPORT_KEY = randomKey();

    private static final int CACHE_CAP = 10_000;

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Map<String, String> options;
    private final int tokens;
    private final int concurrency;
    private final int port;
    private final String issuer;
    private final RSAKey key;
    private final RSASSASigner signer;
    private final PassportVerifier passports;
    private final AtomicLong revocationPolls = new AtomicLong();
    private final AtomicLong jwksFetches = new AtomicLong();
    private final AtomicLong upstreamRefused = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final PrintStream log = System.err;
    private HttpServer stub;
    private Process gateway;

    private GatewayHeap(Map<String, String> options) throws JOSEException {
        this.options = options;
        this.tokens = Integer.parseInt(options.getOrDefault("tokens", "100000"));
        this.concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
        this.port = Integer.parseInt(options.getOrDefault("port", "18480"));
        this.issuer = "http://localhost:" + port;
        this.key = new RSAKeyGenerator(2048)
                .keyID("heap-" + UUID.randomUUID().toString().substring(0, 8))
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        this.signer = new RSASSASigner(key);
        this.passports = new PassportVerifier(PassportSecrets.of(List.of(FORUM_PASSPORT_KEY)), "forum-service");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        if (!options.containsKey("gateway-jar")) {
            throw new IllegalArgumentException("--gateway-jar=<path to the gateway's boot jar> is required");
        }
        GatewayHeap heap = new GatewayHeap(options);
        String report;
        try {
            report = heap.run();
        } finally {
            heap.stop();
        }
        String out = options.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        System.out.print(report);
        System.out.flush();
        System.exit(0);
    }

    // ---- the stub: auth-service's JWKS and revocation feed, forum-service's route ----

    private void startStub() throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1), 64);
        stub.setExecutor(Executors.newFixedThreadPool(4));
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        stub.createContext("/.well-known/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            respond(exchange, 200, jwks);
        });
        // docs/contracts.md, "Internal calls": {"next", "more", "users", "sessions"}; nothing revoked.
        byte[] feed =
                "{\"next\":\"heap-0\",\"more\":false,\"users\":[],\"sessions\":[]}".getBytes(StandardCharsets.UTF_8);
        stub.createContext("/internal/revocations", exchange -> {
            revocationPolls.incrementAndGet();
            respond(exchange, 200, feed);
        });
        // The forum route: POST /api/forum/threads arrives as POST /threads.
        stub.createContext("/threads", this::forum);
        stub.createContext("/", exchange -> respond(exchange, 404, new byte[0]));
        stub.start();
    }

    private void forum(HttpExchange exchange) throws IOException {
        String expected = exchange.getRequestURI().getRawQuery();
        int status = 200;
        try {
            Passport passport = passports.verify(
                    exchange.getRequestHeaders().getFirst("X-Tessera-Passport"),
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath());
            if (!passport.isAuthenticated() || expected == null || !expected.equals("sub=" + passport.userId())) {
                status = 403;
            }
        } catch (PassportException ex) {
            status = 401;
        }
        if (status != 200) {
            upstreamRefused.incrementAndGet();
        }
        respond(exchange, status, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    // ---- the gateway process ----

    private void startGateway() throws IOException, InterruptedException {
        String stubUri = "http://127.0.0.1:" + (port + 1);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : options.getOrDefault("gateway-java-opts", "-Xmx256m -XX:+UseG1GC")
                .trim()
                .split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.addAll(List.of(
                "-jar",
                options.get("gateway-jar"),
                "--server.port=" + port,
                "--management.server.port=" + (port + 1000),
                "--tessera.gateway.rate-limit.capacity=1000000"));
        if (options.containsKey("cache-size")) {
            command.add("--tessera.gateway.jwt.cache-size=" + options.get("cache-size"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path logFile = Path.of(options.getOrDefault("log", "gateway-heap.log"));
        builder.redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.put("TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE", FORUM_PASSPORT_KEY);
        env.put("TESSERA_GATEWAY_PASSPORT_KEYS_AUTHSERVICE", AUTH_PASSPORT_KEY);
        env.put("TESSERA_GATEWAY_PASSPORT_KEYS_NOTIFICATIONSERVICE", NOTIFY_PASSPORT_KEY);
        env.put("TESSERA_GATEWAY_AUTH_URI", stubUri);
        env.put("TESSERA_GATEWAY_ROUTES_FORUM_URI", stubUri);
        env.put("TESSERA_GATEWAY_ISSUER", issuer);
        log.println("==> starting the gateway: " + String.join(" ", command) + " (log: " + logFile + ")");
        gateway = builder.start();
        HttpClient probe = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + (port + 1000) + "/actuator/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("The gateway exited with " + gateway.exitValue() + "; see " + logFile);
            }
            try {
                if (probe.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException ex) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The gateway did not become healthy within 180 s; see " + logFile);
    }

    private void stop() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            try {
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            } catch (InterruptedException ex) {
                gateway.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (stub != null) {
            stub.stop(0);
            ((ExecutorService) stub.getExecutor()).shutdownNow();
        }
    }

    // ---- tokens, exactly as auth-service's AccessTokenIssuer signs them ----

    private record Token(String subject, String value) {}

    private Token mint(Instant now) {
        String subject = UUID.randomUUID().toString();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience("tessera")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                // one hour (the gateway's default max-lifetime): no entry leaves the cache by expiring
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", "heap-" + subject.substring(0, 8))
                .claim("roles", List.of("USER"))
                .claim("sid", UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return new Token(subject, jwt.serialize());
    }

    private Token[] mintAll(int count) {
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        return IntStream.range(0, count).parallel().mapToObj(i -> mint(now)).toArray(Token[]::new);
    }

    // ---- load and measurements ----

    private void send(HttpClient client, Token[] batch, int from, int to) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        Thread[] workers = new Thread[concurrency];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    Token token = batch[i];
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(issuer + "/api/forum/threads?sub=" + token.subject()))
                            .header("Authorization", "Bearer " + token.value())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (IOException ex) {
                        status = -1;
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            });
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private long non200() {
        return statuses.entrySet().stream()
                .filter(e -> e.getKey() != 200)
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(
                        Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(gateway.pid()), command)
                .redirectErrorStream(true)
                .start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + text);
        }
        return text;
    }

    private double metric(HttpClient client, String name, String tag) throws IOException, InterruptedException {
        String uri = "http://127.0.0.1:" + (port + 1000) + "/actuator/metrics/" + name
                + ((tag != null) ? "?tag=" + tag : "");
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Double.NaN;
        }
        try {
            List<Object> measurements =
                    JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(response.body()), "measurements");
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) measurements.get(0);
            return ((Number) first.get("value")).doubleValue();
        } catch (java.text.ParseException | RuntimeException ex) {
            return Double.NaN;
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ex) {
            // not Linux, or gone
        }
        return -1;
    }

    private record Checkpoint(int tokens, double heapMib, double cacheEntries, long non200, double rssMib) {}

    private Checkpoint measure(HttpClient client, int seen) throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("No 'used' figure in GC.heap_info: " + info);
        }
        double heapMib = Long.parseLong(used.group(1)) / 1024.0;
        double cache = metric(client, "tessera.gateway.verified.tokens", null);
        Checkpoint checkpoint = new Checkpoint(seen, heapMib, cache, non200(), rssKib(gateway.pid()) / 1024.0);
        log.printf(
                Locale.ROOT,
                "    %,7d tokens: heap after GC %.1f MiB, cache %.0f entries, non-200 %d, RSS %.0f MiB%n",
                seen,
                heapMib,
                cache,
                checkpoint.non200(),
                checkpoint.rssMib());
        return checkpoint;
    }

    private String run() throws Exception {
        long started = System.nanoTime();
        startStub();
        startGateway();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(concurrency, runnable -> {
                    Thread thread = new Thread(runnable, "heap-client");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();

        TreeSet<Integer> checkpoints = new TreeSet<>();
        for (int c : new int[] {10_000, 25_000, 50_000, 100_000}) {
            if (c <= tokens) {
                checkpoints.add(c);
            }
        }
        checkpoints.add(tokens);

        log.printf(Locale.ROOT, "==> minting %,d distinct RS256 access tokens (+ warm-up)%n", tokens);
        long mintStart = System.nanoTime();
        Token[] all = mintAll(tokens);
        double mintSeconds = (System.nanoTime() - mintStart) / 1e9;
        // Warm-up: 200 distinct tokens, 20 requests each (JIT, connection pools); they stay in the cache.
        Token[] warm = mintAll(200);
        Token[] warmRequests = new Token[4000];
        for (int i = 0; i < warmRequests.length; i++) {
            warmRequests[i] = warm[i % warm.length];
        }
        log.println("==> warm-up: 4,000 requests with 200 tokens");
        send(client, warmRequests, 0, warmRequests.length);
        long warmFailures = non200();
        if (warmFailures == warmRequests.length) {
            throw new IllegalStateException("Every warm-up request failed (" + statuses + "); see the gateway log");
        }
        statuses.clear();
        upstreamRefused.set(0);

        List<Checkpoint> results = new ArrayList<>();
        results.add(measure(client, 0));
        long sendStart = System.nanoTime();
        int sent = 0;
        for (int checkpoint : checkpoints) {
            send(client, all, sent, checkpoint);
            sent = checkpoint;
            results.add(measure(client, sent));
        }
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        double cap = metricCap();
        return report(results, warmFailures, mintSeconds, sendSeconds, (System.nanoTime() - started) / 1e9, cap);
    }

    private double metricCap() {
        String opts = options.getOrDefault("cache-size", Integer.toString(CACHE_CAP));
        return Double.parseDouble(opts);
    }

    /** Least-squares slope of heap after GC against tokens seen, in MiB per 10,000 tokens. */
    private static double slopePer10k(List<Checkpoint> points) {
        int n = points.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = points.stream().mapToDouble(Checkpoint::tokens).average().orElse(0);
        double my = points.stream().mapToDouble(Checkpoint::heapMib).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Checkpoint p : points) {
            sxy += (p.tokens() - mx) * (p.heapMib() - my);
            sxx += (p.tokens() - mx) * (p.tokens() - mx);
        }
        return (sxx == 0) ? Double.NaN : sxy / sxx * 10_000;
    }

    private String report(
            List<Checkpoint> results,
            long warmFailures,
            double mintSeconds,
            double sendSeconds,
            double totalSeconds,
            double cap) {
        StringBuilder md = new StringBuilder();
        Checkpoint first = results.get(0);
        Checkpoint last = results.get(results.size() - 1);
        long total200 = statuses.getOrDefault(200, new AtomicLong()).get();
        md.append("## Gateway heap after ")
                .append(String.format(Locale.ROOT, "%,d", tokens))
                .append(" distinct access tokens\n\n");
        md.append("- The real gateway jar (`")
                .append(options.getOrDefault("gateway-java-opts", "-Xmx256m -XX:+UseG1GC"))
                .append("`, ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append(
                        ") against a loopback stub of auth-service (JWKS with one RSA-2048 key, an empty revocation feed:")
                .append(String.format(
                        Locale.ROOT, " %d polls, %d JWKS fetches", revocationPolls.get(), jwksFetches.get()))
                .append(") and of forum-service.\n");
        md.append(
                        "- One `POST /api/forum/threads` (an authenticated route) per distinct RS256 token, minted as auth-service")
                .append(" mints them (`typ: at+jwt`, 1 h lifetime, a distinct `sub`, `sid` and `jti` each), ")
                .append(concurrency)
                .append(" in flight; the stub answers 200 only to a valid passport naming that token's `sub`.\n");
        md.append("- After a warm-up (4,000 requests, 200 tokens")
                .append((warmFailures > 0) ? ", " + warmFailures + " of them not 200" : "")
                .append(
                        "), at each checkpoint: `jcmd GC.run`, then heap used from `jcmd GC.heap_info`; cache entries from")
                .append(" the gauge `tessera.gateway.verified.tokens` (cap `tessera.gateway.jwt.cache-size`, ")
                .append(String.format(Locale.ROOT, "%,.0f", cap))
                .append(").\n");
        md.append(String.format(
                Locale.ROOT,
                "- Minting took %.0f s, sending %.0f s (%.0f requests/s including the GCs), %.0f s in all;"
                        + " answers: %s.%n%n",
                mintSeconds,
                sendSeconds,
                (last.tokens()) / Math.max(sendSeconds, 1e-9),
                totalSeconds,
                statuses.isEmpty() ? "none" : new java.util.TreeMap<>(statuses).toString()));
        md.append("| distinct tokens seen | heap after full GC (MiB) | cache entries | non-200 so far | RSS (MiB) |\n");
        md.append("|---:|---:|---:|---:|---:|\n");
        for (Checkpoint c : results) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.1f | %.0f | %d | %.0f |%n",
                    c.tokens(),
                    c.heapMib(),
                    c.cacheEntries(),
                    c.non200(),
                    c.rssMib()));
        }
        // The cache fills up by about the cap and then saws between 90 % and 100 % of it (it drops a tenth when
        // full): judge growth from twice the cap on, where it is saturated, so the saw tooth is small against
        // the distance measured.
        List<Checkpoint> beyond =
                results.stream().filter(c -> c.tokens() >= 2 * cap).toList();
        if (beyond.size() < 2) {
            beyond = results.stream().filter(c -> c.tokens() > cap).toList();
        }
        double slope = slopePer10k(beyond);
        // What one cached entry costs, from the climb to the cap: the growth an unbounded cache would show.
        Checkpoint atCap = results.stream()
                .filter(c -> c.tokens() > 0 && c.tokens() <= cap)
                .reduce((a, b) -> b)
                .orElse(beyond.isEmpty() ? null : beyond.get(0));
        double perEntryKib = Double.NaN;
        if (atCap != null && atCap.cacheEntries() > first.cacheEntries()) {
            perEntryKib = (atCap.heapMib() - first.heapMib()) * 1024 / (atCap.cacheEntries() - first.cacheEntries());
        }
        double unboundedPer10k = perEntryKib * 10_000 / 1024;
        boolean cacheCapped = results.stream().allMatch(c -> c.cacheEntries() <= cap);
        double threshold = Double.isNaN(unboundedPer10k) ? 1.0 : Math.max(1.0, unboundedPer10k / 4);
        md.append('\n');
        long failures = non200();
        if (failures > 0 || total200 < last.tokens()) {
            md.append(String.format(
                    Locale.ROOT,
                    "**Not a valid measurement: %d of %,d requests did not answer 200** (%d refused by the upstream"
                            + " stub); the figures above may include rejections. See the gateway log.%n%n",
                    failures,
                    last.tokens(),
                    upstreamRefused.get()));
        }
        if (beyond.size() < 2) {
            md.append(String.format(
                    Locale.ROOT,
                    "Too few checkpoints at or beyond the cache cap (%,.0f) to judge growth; run with more tokens.%n",
                    cap));
            return md.toString();
        }
        md.append(String.format(
                Locale.ROOT,
                "- Heap growth beyond the cache cap (least squares over the checkpoints from %,d to %,d tokens, where"
                        + " the cache is full): **%+.2f MiB per 10,000 distinct tokens** (%+.1f MiB from %,d to %,d).%n",
                beyond.get(0).tokens(),
                last.tokens(),
                slope,
                last.heapMib() - beyond.get(0).heapMib(),
                beyond.get(0).tokens(),
                last.tokens()));
        if (!Double.isNaN(perEntryKib)) {
            md.append(String.format(
                    Locale.ROOT,
                    "- For scale: filling the cache from %.0f to %.0f entries took %+.1f MiB, about %.2f KiB per"
                            + " entry, so a cache without a cap would grow by about %.1f MiB per 10,000 tokens.%n",
                    first.cacheEntries(),
                    atCap.cacheEntries(),
                    atCap.heapMib() - first.heapMib(),
                    perEntryKib,
                    unboundedPer10k));
        }
        boolean bounded = cacheCapped && slope < threshold;
        md.append(String.format(
                Locale.ROOT,
                "- Verdict: %s (criterion: the cache never exceeds its cap, and growth beyond it is below %.1f MiB"
                        + " per 10,000 tokens%s).%n",
                bounded
                        ? "**the gateway's heap is bounded**: past the cap, more distinct tokens do not cost more"
                                + " memory"
                        : "**the heap is NOT shown to be bounded**: "
                                + (cacheCapped
                                        ? "it keeps growing with the number of distinct tokens"
                                        : "the cache exceeded its cap"),
                threshold,
                Double.isNaN(unboundedPer10k)
                        ? ""
                        : ", a quarter of what an uncapped cache would add, and at least 1 MiB of GC noise"));
        return md.toString();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
