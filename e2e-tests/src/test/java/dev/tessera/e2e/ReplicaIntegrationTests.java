package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.HaProxy.Proxy;
import dev.tessera.e2e.HaProxy.Server;
import dev.tessera.e2e.TesseraSystem.Replica;
import dev.tessera.e2e.TesseraSystem.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Several replicas that share nothing but PostgreSQL (issue 14), behind HAProxy from Debian's packages:
 *
 * <pre>
 * clients ─► HAProxy :gateway ─► gateway-1, gateway-2 ─► HAProxy :auth   ─► auth-1, auth-2
 *                                                     ├► HAProxy :forum  ─► forum-1, forum-2
 *                                                     └► HAProxy :notify ─► notify-1, notify-2
 * </pre>
 *
 * Round robin everywhere, no sticky sessions; an instance is in rotation while its readiness check passes. A
 * refresh token rotated on one replica and replayed on the other kills the family; a logout-all reaches both
 * gateways; an emergency key rotation under traffic refuses nothing; failed logins count together; and a rolling
 * restart (SIGTERM, one instance at a time) under a steady load loses no request, thanks to the drain on shutdown
 * ({@code tessera.shutdown.drain-delay}, {@code tessera.gateway.shutdown.drain-delay}), and forgets no revocation:
 * gateways that start after a logout-all refuse the token (the revocation feed replays its window).
 */
@Order(20)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(OwnSystem.LOCK)
class ReplicaIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    /** Longer than HAProxy needs to see a failed readiness check ({@value HaProxy#CHECK_INTERVAL_MS} ms apart). */
    private static final String DRAIN_DELAY = "1500ms";

    /** How long a request may wait on this busy machine (the test client gives up after 30 s). */
    private static final Duration OVERLOAD_PATIENCE = Duration.ofSeconds(25);

    /** The gateway's revocation poll interval (its default). */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private TesseraSystem system;

    private HaProxy haProxy;

    /** The instances the rolling restart restarts, in order, as HAProxy names them, with how to stop and start. */
    private final List<Instance> instances = new ArrayList<>();

    private Api edge;

    private Api gateway1;

    private Api gateway2;

    record Instance(String proxy, String server, IntSupplier terminate, Runnable start) {}

    @BeforeAll
    void startReplicas() {
        this.system = TesseraSystem.create(
                "replicas",
                Map.of(
                        Service.AUTH,
                        List.of(
                                "--tessera.auth.registration.max-attempts=100000",
                                // A replayed refresh token is theft at once, not a retry within the grace window.
                                "--tessera.auth.refresh.grace-period=0s",
                                // Eight JVMs of this system share two cores with the other lane's: a hash can take
                                // seconds, and with one auth replica down every login queues on the other. Wait for
                                // a hashing slot instead of shedding the login with 503 busy after 500 ms (that
                                // answer has its own tests in auth-service): this class counts requests lost to a
                                // restart, not to an overloaded test machine.
                                "--tessera.auth.hashing.acquire-timeout=" + OVERLOAD_PATIENCE.toSeconds() + "s",
                                "--tessera.shutdown.drain-delay=" + DRAIN_DELAY),
                        Service.FORUM,
                        List.of("--tessera.shutdown.drain-delay=" + DRAIN_DELAY),
                        Service.NOTIFY,
                        List.of("--tessera.shutdown.drain-delay=" + DRAIN_DELAY),
                        Service.GATEWAY,
                        List.of(
                                // Every test client shares 127.0.0.1: lift the per-address login limit.
                                "--tessera.gateway.rate-limit.capacity=100000",
                                // The same for upstream answers: an emergency key rotation on a starved
                                // auth-service once took longer than the default 10 s (504).
                                "--tessera.gateway.response-timeout=" + OVERLOAD_PATIENCE.toSeconds() + "s",
                                "--tessera.gateway.shutdown.drain-delay=" + DRAIN_DELAY)));
        try {
            int gatewayPort = this.system.reservePort();
            int authPort = this.system.reservePort();
            int forumPort = this.system.reservePort();
            int notifyPort = this.system.reservePort();
            int statsPort = this.system.reservePort();
            String auth = "http://127.0.0.1:" + authPort;
            String forum = "http://127.0.0.1:" + forumPort;
            String notify = "http://127.0.0.1:" + notifyPort;
            // Every replica reaches the others through HAProxy, never one instance directly.
            this.system.configure(
                    Service.GATEWAY,
                    List.of(
                            "--tessera.gateway.auth-uri=" + auth,
                            "--tessera.gateway.routes.forum.uri=" + forum,
                            "--tessera.gateway.routes.notify.uri=" + notify,
                            "--tessera.gateway.public-origins=http://127.0.0.1:" + gatewayPort));
            this.system.configure(
                    Service.FORUM,
                    List.of(
                            "--tessera.forum.notifications.uri=" + notify,
                            "--tessera.forum.notifications.token-uri=" + auth + "/auth/oauth2/token"));
            this.system.configure(
                    Service.NOTIFY, List.of("--tessera.service-token.jwks-uri=" + auth + "/.well-known/jwks.json"));
            Replica auth2 = this.system.addReplica(Service.AUTH, List.of());
            Replica forum2 = this.system.addReplica(Service.FORUM, List.of());
            Replica notify2 = this.system.addReplica(Service.NOTIFY, List.of());
            Replica gateway2 = this.system.addReplica(Service.GATEWAY, List.of());

            this.haProxy = HaProxy.start(
                    this.system.logFile(Service.GATEWAY).resolveSibling("haproxy"),
                    statsPort,
                    List.of(
                            new Proxy(
                                    "gateway",
                                    gatewayPort,
                                    List.of(base("gateway", Service.GATEWAY), server(gateway2))),
                            new Proxy("auth", authPort, List.of(base("auth", Service.AUTH), server(auth2))),
                            new Proxy("forum", forumPort, List.of(base("forum", Service.FORUM), server(forum2))),
                            new Proxy("notify", notifyPort, List.of(base("notify", Service.NOTIFY), server(notify2)))));
            this.system.startAll();

            // Rolling order: the services behind the gateways first, then the gateways. One replica of each
            // service behind the gateways restarts (the second would repeat the same drain, at a minute of CI time
            // each on this 2-core machine) and both gateways do: a revocation must survive the loss of every
            // gateway's memory.
            this.instances.add(instance("auth", "auth-1", Service.AUTH));
            this.instances.add(instance("forum", "forum-1", Service.FORUM));
            this.instances.add(instance("notify", "notify-1", Service.NOTIFY));
            this.instances.add(instance("gateway", "gateway-1", Service.GATEWAY));
            this.instances.add(new Instance("gateway", "gateway-2", gateway2::terminate, gateway2::start));
            List<Instance> everyInstance = new ArrayList<>(this.instances);
            everyInstance.add(new Instance("auth", "auth-2", auth2::terminate, auth2::start));
            everyInstance.add(new Instance("forum", "forum-2", forum2::terminate, forum2::start));
            everyInstance.add(new Instance("notify", "notify-2", notify2::terminate, notify2::start));
            for (Instance instance : everyInstance) {
                awaitInRotation(instance);
            }
            this.edge = new Api(this.haProxy.uri("gateway"));
            this.gateway1 = new Api(this.system.gatewayUri());
            this.gateway2 = new Api(gateway2.uri());
        } catch (RuntimeException ex) {
            stop();
            throw ex;
        }
    }

    @AfterAll
    void stop() {
        if (this.haProxy != null) {
            this.haProxy.close();
        }
        if (this.system != null) {
            this.system.close();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void refreshWhenRotatedOnOneReplicaAndReplayedOnTheOtherThenTheFamilyIsRevoked() {
        String original = this.edge
                .registerAndLogin(unique("family"), PASSWORD)
                .get("refresh_token")
                .asString();
        long auth2RefusalsBefore = stats("auth", "auth-2").responses4xx();

        Response rotated = refresh(this.gateway1, "auth-1", original);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String successor = rotated.json().get("refresh_token").asString();
        Response replayed = refresh(this.gateway2, "auth-2", original);

        assertThat(replayed.status())
                .as("replay on the other replica: " + replayed)
                .isEqualTo(401);
        assertThat(stats("auth", "auth-2").responses4xx())
                .as("the replay was answered by auth-2")
                .isGreaterThan(auth2RefusalsBefore);
        assertThat(refresh(this.gateway1, "auth-1", successor).status())
                .as("the successor is dead on auth-1")
                .isEqualTo(401);
        assertThat(refresh(this.gateway2, "auth-2", successor).status())
                .as("the successor is dead on auth-2")
                .isEqualTo(401);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void logoutAllWhenCalledThroughOneGatewayThenBothGatewaysRefuseTheAccessToken() {
        String token = userToken("logoutall");
        assertThat(probe(this.gateway1, token).status()).isEqualTo(400);
        assertThat(probe(this.gateway2, token).status()).isEqualTo(400);

        logOutEverywhere(token);
        long start = System.nanoTime();

        Map<String, Long> reachedAfterMs = new ConcurrentHashMap<>();
        // The ceiling only stops a hang; the time it took is printed, not asserted.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (Map.Entry<String, Api> gateway : Map.of("gateway-1", this.gateway1, "gateway-2", this.gateway2)
                            .entrySet()) {
                        if (!reachedAfterMs.containsKey(gateway.getKey())
                                && probe(gateway.getValue(), token).status() == 401) {
                            reachedAfterMs.put(gateway.getKey(), (System.nanoTime() - start) / 1_000_000);
                        }
                    }
                    return reachedAfterMs.size() == 2;
                });
        System.out.printf(
                "logout-all reached gateway-1 after %.1f s and gateway-2 after %.1f s (poll interval %d s)%n",
                reachedAfterMs.get("gateway-1") / 1000.0,
                reachedAfterMs.get("gateway-2") / 1000.0,
                POLL_INTERVAL.toSeconds());
        Response refused = probe(this.gateway2, token);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void keyRotationWhenTrafficCrossesReplicasThenNoRequestIsRefused() throws Exception {
        String username = unique("rotation");
        this.edge.registerAndLogin(username, PASSWORD);
        String admin = this.system.adminToken(this.edge);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        Set<String> kids = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        // Each round: a fresh token from either auth replica, used at both gateways (a write, so it must verify).
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                Response login = this.edge.post("/api/auth/login", Map.of("username", username, "password", PASSWORD));
                requests.incrementAndGet();
                if (login.status() != 200) {
                    refused.add("login " + login);
                    continue;
                }
                String token = login.json().get("access_token").asString();
                kids.add(kidOf(token));
                for (Api gateway : List.of(this.gateway1, this.gateway2)) {
                    Response write = gateway.createThread(token, "Rotation", "Under traffic");
                    requests.incrementAndGet();
                    if (write.status() != 201) {
                        refused.add("write with kid " + kidOf(token) + ": " + write);
                    }
                }
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= 15);

        Response rotation = this.edge.post("/api/auth/admin/keys/rotate", null, bearer(admin));
        assertThat(rotation.status()).as(rotation.toString()).isEqualTo(200);
        String newKid = rotation.json().get("kid").asString();
        int atRotation = requests.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> kids.contains(newKid) && requests.get() >= atRotation + 30);
        running.set(false);
        client.get();

        System.out.printf(
                "key rotation under traffic: %d requests (%d after the rotation), %d refused, kids seen %s%n",
                requests.get(), requests.get() - atRotation, refused.size(), kids);
        assertThat(kids).as("tokens of the old and the new key were both used").hasSizeGreaterThanOrEqualTo(2);
        assertThat(refused).isEmpty();
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(4)
    void loginFailuresWhenSpreadAcrossAuthReplicasThenTheyCountTogether() {
        String username = unique("throttle");
        this.edge.registerAndLogin(username, PASSWORD);
        long auth1Before = stats("auth", "auth-1").responses4xx();
        long auth2Before = stats("auth", "auth-2").responses4xx();

        // auth-service's default: 5 failures of one account from one client lock the pair.
        List<Integer> failures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            failures.add(login(i % 2 == 0 ? "auth-1" : "auth-2", username, "a wrong password " + i)
                    .status());
        }
        Response onAuth1 = login("auth-1", username, PASSWORD);
        Response onAuth2 = login("auth-2", username, PASSWORD);

        System.out.printf(
                "login throttle across replicas: failures %s, then auth-1 %d, auth-2 %d%n",
                failures, onAuth1.status(), onAuth2.status());
        assertThat(failures).containsOnly(401);
        assertThat(stats("auth", "auth-1").responses4xx() - auth1Before)
                .as("auth-1 answered its share")
                .isGreaterThanOrEqualTo(3);
        assertThat(stats("auth", "auth-2").responses4xx() - auth2Before)
                .as("auth-2 answered its share")
                .isGreaterThanOrEqualTo(2);
        assertThat(onAuth1.status())
                .as("3 failures on auth-1 alone would not lock: " + onAuth1)
                .isEqualTo(429);
        assertThat(onAuth2.status()).as(onAuth2.toString()).isEqualTo(429);
        assertThat(onAuth2.raw().headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(5)
    void rollingRestartWhenUnderLoadThenNoRequestFailsAndRevokedTokensStayRefused() throws Exception {
        Load load = new Load(this.edge, 5);
        load.start();
        String revoked = null;
        String bystander = null;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.total() >= 60);
            for (Instance instance : this.instances) {
                if (revoked == null && instance.proxy().equals("gateway")) {
                    // Just before the gateways go: a token revoked now must stay refused by gateways that start
                    // with empty memory (the feed replays its window). Tokens live 5 minutes here, far longer than
                    // two gateway restarts on a busy machine, so a 401 afterwards means "revoked", not "expired".
                    bystander = userToken("bystander");
                    revoked = userToken("revoked");
                    logOutEverywhere(revoked);
                }
                restart(instance);
            }
        } finally {
            load.stop();
        }
        for (Api gateway : List.of(this.gateway1, this.gateway2)) {
            Response refused = probe(gateway, revoked);
            assertThat(refused.status())
                    .as("revoked, after the restart: " + refused)
                    .isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(probe(gateway, bystander).status()).as("a bystander").isEqualTo(400);
        }
        System.out.printf(
                "rolling restart: %d requests in %.0f s (%.1f/s): %s; failed: %d %s%n",
                load.total(),
                load.seconds(),
                load.total() / load.seconds(),
                load.counts(),
                load.failures().size(),
                load.failures());
        assertThat(load.failures()).isEmpty();
    }

    private String userToken(String prefix) {
        return this.edge
                .registerAndLogin(unique(prefix), PASSWORD)
                .get("access_token")
                .asString();
    }

    private void logOutEverywhere(String token) {
        Response logoutAll = this.gateway1.post("/api/auth/logout-all", null, bearer(token));
        assertThat(logoutAll.status()).as(logoutAll.toString()).isEqualTo(204);
    }

    private void restart(Instance instance) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(instance.terminate()::getAsInt);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !this.haProxy.inRotation(instance.proxy(), instance.server()));
        double outOfRotation = seconds(start);
        int exitCode = exit.get();
        double exited = seconds(start);
        long started = System.nanoTime();
        instance.start().run();
        awaitInRotation(instance);
        System.out.printf(
                "restart %s: out of rotation %.2f s after SIGTERM, exited after %.2f s (code %d), back in rotation"
                        + " %.1f s after the start%n",
                instance.server(), outOfRotation, exited, exitCode, seconds(started));
    }

    private void awaitInRotation(Instance instance) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> this.haProxy.inRotation(instance.proxy(), instance.server()));
    }

    private Instance instance(String proxy, String server, Service service) {
        return new Instance(proxy, server, () -> this.system.terminate(service), () -> this.system.start(service));
    }

    private Server base(String prefix, Service service) {
        return new Server(
                prefix + "-1",
                this.system.serviceUri(service).getPort(),
                this.system.managementUri(service).getPort());
    }

    private static Server server(Replica replica) {
        String prefix = switch (replica.service) {
            case AUTH -> "auth";
            case FORUM -> "forum";
            case NOTIFY -> "notify";
            case GATEWAY -> "gateway";
        };
        return new Server(prefix + "-2", replica.port(), replica.managementPort());
    }

    private HaProxy.ServerStats stats(String proxy, String server) {
        return this.haProxy.stats().get(proxy + "/" + server);
    }

    private static Response refresh(Api gateway, String authServer, String refreshToken) {
        return gateway.post("/api/auth/refresh", Map.of("refresh_token", refreshToken), HaProxy.PIN_HEADER, authServer);
    }

    private Response login(String authServer, String username, String password) {
        return this.edge.post(
                "/api/auth/login", Map.of("username", username, "password", password), HaProxy.PIN_HEADER, authServer);
    }

    /** A forum write with an empty body: the forum answers 400 to an accepted token, only the gateway 401. */
    private static Response probe(Api gateway, String token) {
        return gateway.post("/api/forum/threads", "{}", bearer(token));
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return Api.json.readTree(header).get("kid").asString();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /**
     * A steady load through the edge, a request every 150 ms per client at most: public reads of the forum, forum
     * writes, the caller's notifications and profile (auth-service), and a fresh login every 20 requests. Any
     * answer other than the expected one, and any request that gets no answer, is a failure.
     */
    private static final class Load {

        private static final long PACE_NANOS = Duration.ofMillis(150).toNanos();

        private final Api edge;

        private final int clients;

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        private final List<Thread> workers = new ArrayList<>();

        private long startNanos;

        private long endNanos;

        Load(Api edge, int clients) {
            this.edge = edge;
            this.clients = clients;
        }

        void start() {
            this.startNanos = System.nanoTime();
            for (int i = 0; i < this.clients; i++) {
                String username = unique("load");
                this.edge.registerAndLogin(username, PASSWORD);
                Thread worker = new Thread(() -> run(username), "load-" + i);
                worker.start();
                this.workers.add(worker);
            }
        }

        void stop() throws Exception {
            this.running.set(false);
            for (Thread worker : this.workers) {
                worker.join();
            }
            this.endNanos = System.nanoTime();
        }

        int total() {
            return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        double seconds() {
            return (this.endNanos - this.startNanos) / 1e9;
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            this.counts.forEach((name, count) -> counts.put(name, count.get()));
            return counts;
        }

        List<String> failures() {
            return List.copyOf(this.failures);
        }

        private void run(String username) {
            String token = null;
            int n = 0;
            long next = System.nanoTime();
            while (this.running.get()) {
                if (n % 20 == 0 || token == null) {
                    Response login = call(
                            "login",
                            200,
                            () -> this.edge.post(
                                    "/api/auth/login", Map.of("username", username, "password", PASSWORD)));
                    token = login != null && login.status() == 200
                            ? login.json().get("access_token").asString()
                            : null;
                } else {
                    String bearer = "Bearer " + token;
                    switch (n % 4) {
                        case 0 -> call("forum read", 200, () -> this.edge.get("/api/forum/threads"));
                        case 1 ->
                            call(
                                    "forum write",
                                    201,
                                    () -> this.edge.createThread(
                                            bearer.substring("Bearer ".length()), "Load", "Rolling restart"));
                        case 2 ->
                            call(
                                    "notifications",
                                    200,
                                    () -> this.edge.get("/api/notifications", "Authorization", bearer));
                        default -> call("auth me", 200, () -> this.edge.get("/api/auth/me", "Authorization", bearer));
                    }
                }
                n++;
                // A fixed rate, not a fixed pause: slow answers do not thin the load out.
                next += PACE_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TesseraSystem.sleep(Duration.ofNanos(wait));
                } else {
                    next = System.nanoTime();
                }
            }
        }

        private Response call(String name, int expected, java.util.function.Supplier<Response> request) {
            this.counts.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            try {
                Response response = request.get();
                if (response.status() != expected) {
                    this.failures.add(name + ": " + response.status() + " " + abbreviate(response.body()));
                }
                return response;
            } catch (IllegalStateException ex) {
                this.failures.add(name + ": " + ex.getMessage());
                return null;
            }
        }

        private static String abbreviate(String text) {
            String line = text == null ? "" : text.replaceAll("\\s+", " ");
            return line.length() <= 200 ? line : line.substring(0, 200) + "…";
        }
    }
}
