package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import dev.tessera.testsupport.PostgresTestServer;
import dev.tessera.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: faults under load, nothing lost. Runs late ({@code @Order(90)}) on the {@link SharedSystem}
 * because it kills auth-service and cuts database connections; every part is back before a test ends.
 *
 * <p>Figures (latencies, counts) are printed for the issue note, never asserted: the machine is shared.
 */
@Order(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoakIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    /** How long the clients run at least (the faults may stretch it: a restart takes what it takes). */
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("tessera.soak.seconds", 40));

    private static final int CLIENTS = 3;

    /**
     * A 502/503/504 up to this long after a fault ended is still the fault's: pools drop broken connections only
     * when they next use them, and the gateway's JWKS and revocation polls back off while auth-service is down.
     */
    private static final Duration SETTLING = Duration.ofSeconds(5);

    /**
     * A 401 for a token sent this long after the login or refresh that produced it is an expiry: the token lives
     * {@link SharedSystem#TOKEN_LIFETIME_SECONDS} s (plus 1 s skew) from a moment after the request was sent; the
     * margin covers a gateway slowed down by the shared machine. Clients refresh at half the lifetime, so only
     * a refresh that fails for long (auth-service down) lets a token get this old.
     */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(SharedSystem.TOKEN_LIFETIME_SECONDS - 3);

    private TesseraSystem system;

    private Api gateway;

    private String adminTotpKey;

    /** A database of its own for the superuser connection that stops and cuts the services' databases. */
    private TestDatabase control;

    @BeforeAll
    void useSystem() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
        // The admin routes want a second factor: the administrator's app is enrolled before any fault.
        this.adminTotpKey = this.system.adminTotpKey(this.gateway);
        this.control = PostgresTestServer.get().createDatabase("soakcontrol");
    }

    @AfterAll
    void dropControlDatabase() {
        PostgresTestServer.get().dropDatabase(this.control);
    }

    /**
     * Only auth-service's database is "stopped" (it refuses new connections and loses the open ones); forum's is
     * up. Users holding a token keep writing, login and refresh fail fast and cleanly, and once the database
     * accepts connections again everything works with the same processes.
     */
    @Test
    @Order(1)
    void authDatabaseWhenStoppedThenTokenUsersKeepPostingLoginAndRefreshAnswer503AndAllRecovers() throws Exception {
        String username = unique("dbdown");
        JsonNode tokens = this.gateway.registerAndLogin(username, PASSWORD);
        String access = tokens.get("access_token").asString();
        String refreshToken = tokens.get("refresh_token").asString();
        String authDatabase = this.system.authDatabase().name();
        int processesBefore = this.system.everStarted().size();

        List<Response> posts = new ArrayList<>();
        Response login;
        Response refresh;
        long loginMillis;
        long refreshMillis;
        int terminated;
        try {
            terminated = stopDatabase(authDatabase);
            for (int i = 0; i < 3; i++) {
                posts.add(this.gateway.createThread(access, "During the auth database outage " + i, "soak body"));
            }
            long started = System.nanoTime();
            login = this.gateway.post("/api/auth/login", Map.of("username", username, "password", PASSWORD));
            loginMillis = (System.nanoTime() - started) / 1_000_000;
            started = System.nanoTime();
            refresh = this.gateway.post("/api/auth/refresh", Map.of("refresh_token", refreshToken));
            refreshMillis = (System.nanoTime() - started) / 1_000_000;
        } finally {
            allowConnections(authDatabase);
        }
        long recoveryStarted = System.nanoTime();
        Response loginAfter = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> this.gateway.post("/api/auth/login", Map.of("username", username, "password", PASSWORD)),
                        response -> response.status() != 503);
        long recoveryMillis = (System.nanoTime() - recoveryStarted) / 1_000_000;
        Response refreshAfter = this.gateway.post("/api/auth/refresh", Map.of("refresh_token", refreshToken));
        Response postAfter = this.gateway.createThread(access, "After the auth database outage", "soak body");

        System.out.printf(
                "[soak] auth database stopped: %d connections terminated; forum writes %s; login %d in %d ms "
                        + "(Retry-After %s); refresh %d in %d ms; login answered %d %d ms after connections were "
                        + "allowed again; refresh then %d%n",
                terminated,
                posts.stream().map(Response::status).toList(),
                login.status(),
                loginMillis,
                login.header("Retry-After"),
                refresh.status(),
                refreshMillis,
                loginAfter.status(),
                recoveryMillis,
                refreshAfter.status());
        assertThat(posts).extracting(Response::status).containsOnly(201);
        assertProblem(login, 503);
        assertProblem(refresh, 503);
        assertThat(loginAfter.status()).as(loginAfter.toString()).isEqualTo(200);
        assertThat(refreshAfter.status())
                .as("the refresh token survived the outage: " + refreshAfter)
                .isEqualTo(200);
        assertThat(postAfter.status()).isEqualTo(201);
        assertThat(this.system.everStarted()).as("no service was restarted").hasSize(processesBefore);
    }

    /**
     * Mixed traffic from {@value #CLIENTS} clients while auth-service is SIGKILLed and restarted, the services'
     * database connections are terminated twice and the signing key is rotated twice. Every write the client saw
     * acknowledged is stored exactly once, no answer is a 500, every 502/503/504 falls inside a fault that
     * explains it, every refusal is a problem body with its status, and no 401 comes without a reason.
     */
    @Test
    @Order(2)
    void trafficWhenAuthServiceKilledConnectionsTerminatedAndKeysRotatedThenNothingLostAndNoUnexpectedRefusal()
            throws Exception {
        Ledger ledger = new Ledger();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String username = unique("soak" + i);
            Response registered = this.gateway.post(
                    "/api/auth/register", Map.of("username", username, "password", PASSWORD, "display_name", username));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            clients.add(new Client(i, username, ledger));
        }

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newFixedThreadPool(CLIENTS + 1);
        Instant started = Instant.now();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Client client : clients) {
                running.add(executor.submit(() -> client.run(stop)));
            }
            Future<?> faults = executor.submit(() -> injectFaults(ledger, started));
            try {
                faults.get();
                // Traffic goes on until the soak's time is up, and at least a little after the last fault.
                Instant settled = Instant.now().plus(SETTLING);
                sleepUntil(settled.isAfter(started.plus(SOAK)) ? settled : started.plus(SOAK));
            } finally {
                stop.set(true);
                for (Future<?> client : running) {
                    client.get();
                }
            }
        } finally {
            executor.shutdownNow();
        }
        Duration took = Duration.between(started, Instant.now());

        Map<String, Integer> stored = storedMarkers();
        Report report = ledger.report(stored);
        report.print(took);

        assertThat(ledger.faults()).extracting(Fault::name).contains("kill-auth-service", "rotate-keys");
        assertThat(report.terminatedConnections())
                .as("connections were terminated")
                .isPositive();
        assertThat(report.acknowledged()).as("writes were acknowledged").isPositive();
        assertThat(report.violations()).isEmpty();
        assertThat(report.acknowledgedMissing())
                .as("acknowledged writes not stored")
                .isEmpty();
        assertThat(report.duplicated()).as("writes stored more than once").isEmpty();
        assertThat(report.unknownStored()).as("stored markers no client sent").isEmpty();

        // Afterwards the system is whole: a fresh login works and its token is accepted.
        JsonNode fresh = this.gateway.login(clients.get(0).username, PASSWORD);
        Response me = this.gateway.get(
                "/api/auth/me",
                "Authorization",
                "Bearer " + fresh.get("access_token").asString());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
    }

    /**
     * The faults, one after another at fixed fractions of the soak (so each has traffic before and after it):
     * connections cut, a key rotation, auth-service killed and restarted, connections cut again, a second
     * rotation. A step that starts late because the previous one took long (a restart on a busy machine) runs
     * at once.
     */
    private void injectFaults(Ledger ledger, Instant started) {
        long soak = SOAK.toMillis();
        sleepUntil(started.plusMillis(soak * 15 / 100));
        ledger.fault("terminate-connections", true, false, this::terminateServiceConnections);
        sleepUntil(started.plusMillis(soak * 30 / 100));
        ledger.fault("rotate-keys", false, false, () -> rotateKeys(ledger));
        sleepUntil(started.plusMillis(soak * 45 / 100));
        ledger.fault("kill-auth-service", false, true, () -> {
            // restart() first kills (SIGKILL, as a crash), then starts the jar again and waits until it is ready.
            this.system.restart(Service.AUTH);
            return 0;
        });
        sleepUntil(started.plusMillis(soak * 70 / 100));
        ledger.fault("terminate-connections", true, false, this::terminateServiceConnections);
        sleepUntil(started.plusMillis(soak * 85 / 100));
        ledger.fault("rotate-keys", false, false, () -> rotateKeys(ledger));
    }

    private int terminateServiceConnections() {
        try (Connection connection = controlConnection()) {
            return terminateBackends(connection, this.system.forumDatabase().name())
                    + terminateBackends(connection, this.system.authDatabase().name());
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Rotates auth-service's signing key as the admin; the admin's own requests count as traffic too. */
    private int rotateKeys(Ledger ledger) {
        Response first = ledger.retryWhileUnavailable(
                Operation.ADMIN,
                "the password step of a login with a second factor",
                () -> this.gateway.post(
                        "/api/auth/login",
                        Map.of("username", TesseraSystem.ADMIN_USERNAME, "password", this.system.adminPassword())));
        assertThat(first.status()).as(first.toString()).isEqualTo(401);
        String challenge = first.json().get("challenge").asString();
        // A new code per attempt: a 503 before auth-service checked it leaves that step unused, but never reuse one.
        Response login = ledger.retryWhileUnavailable(
                Operation.ADMIN,
                () -> this.gateway.post(
                        "/api/auth/login/second-factor",
                        Map.of("challenge", challenge, "code", this.system.adminCode(this.adminTotpKey))));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.json().get("access_token").asString();
        Response rotated = ledger.retryWhileUnavailable(
                Operation.ADMIN,
                () -> this.gateway.post("/api/auth/admin/keys/rotate", Map.of(), "Authorization", "Bearer " + token));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        return 0;
    }

    /** What a client did; the auth operations go to auth-service, the others stay at the gateway and forum. */
    enum Operation {
        LOGIN(true),
        WRONG_PASSWORD(true),
        REFRESH(true),
        LOGOUT(true),
        ME(true),
        FORUM_READ(false),
        FORUM_WRITE(false),
        ADMIN(true);

        final boolean reachesAuthService;

        Operation(boolean reachesAuthService) {
            this.reachesAuthService = reachesAuthService;
        }
    }

    /**
     * One request and its answer. {@code status} is -1 when no answer came (the gateway never dies here, so
     * that is a violation). {@code excused401} says the client knew a 401 could come: a wrong password, a
     * token past its lifetime, or a refresh token whose last rotation's answer was lost (its successor may
     * exist; after the grace window the old token counts as reuse).
     */
    record Exchange(
            Operation operation,
            int status,
            String contentType,
            Integer problemStatus,
            Instant sent,
            Instant received,
            String excused401,
            String marker) {}

    /**
     * A fault's time span. {@code excusesAll}: a 502/503/504 of any operation inside it is explained (cut
     * database connections hit whichever service used them); {@code excusesAuth}: only operations that reach
     * auth-service are (auth-service down must not touch forum traffic).
     */
    record Fault(String name, Instant start, Instant end, boolean excusesAll, boolean excusesAuth, int affected) {

        boolean explains(Exchange exchange) {
            boolean inside = !exchange.received().isBefore(this.start)
                    && !exchange.sent().isAfter(this.end.plus(SETTLING));
            return inside && (this.excusesAll || (this.excusesAuth && exchange.operation().reachesAuthService));
        }
    }

    /** Everything the clients and the fault thread saw, in one place. */
    private final class Ledger {

        private final Instant started = Instant.now();

        private final List<Exchange> exchanges = new ArrayList<>();

        private final List<Fault> faults = new ArrayList<>();

        private final Map<String, Boolean> markers = new HashMap<>();

        private final Set<String> families = new HashSet<>();

        private final List<String> violations = new ArrayList<>();

        private int logins;

        synchronized void add(Exchange exchange) {
            this.exchanges.add(exchange);
            if (exchange.marker() != null) {
                this.markers.merge(exchange.marker(), exchange.status() == 201, Boolean::logicalOr);
            }
        }

        /** A successful login's refresh family (its access token's {@code sid}) must be a new one. */
        synchronized void loggedIn(String family) {
            this.logins++;
            if (!this.families.add(family)) {
                this.violations.add("a login reused refresh family " + family);
            }
        }

        synchronized void violation(String text) {
            this.violations.add(text);
        }

        synchronized List<Fault> faults() {
            return List.copyOf(this.faults);
        }

        void fault(String name, boolean excusesAll, boolean excusesAuth, Supplier<Integer> action) {
            Instant start = Instant.now();
            int affected = action.get();
            synchronized (this) {
                this.faults.add(new Fault(name, start, Instant.now(), excusesAll, excusesAuth, affected));
            }
        }

        Response retryWhileUnavailable(Operation operation, Supplier<Response> call) {
            return retryWhileUnavailable(operation, null, call);
        }

        /** As above; a 401 is the expected answer, for the reason {@code excused401}. */
        Response retryWhileUnavailable(Operation operation, String excused401, Supplier<Response> call) {
            for (int attempt = 1; ; attempt++) {
                Instant sent = Instant.now();
                Response response = call.get();
                add(exchange(operation, response, sent, excused401, null));
                if (attempt == 10 || response.status() < 500) {
                    return response;
                }
                TesseraSystem.sleep(Duration.ofMillis(500));
            }
        }

        synchronized Report report(Map<String, Integer> stored) {
            Map<String, Integer> counts = new TreeMap<>();
            Map<String, Integer> refusals = new TreeMap<>();
            List<String> violations = new ArrayList<>(this.violations);
            for (Exchange exchange : this.exchanges) {
                counts.merge(exchange.operation() + " " + exchange.status(), 1, Integer::sum);
                String refusal = judge(exchange, violations);
                if (refusal != null) {
                    refusals.merge(refusal, 1, Integer::sum);
                }
            }
            List<String> acknowledgedMissing = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            int acknowledged = 0;
            int acknowledgedFound = 0;
            int unacknowledgedStored = 0;
            for (Map.Entry<String, Boolean> marker : this.markers.entrySet()) {
                int copies = stored.getOrDefault(marker.getKey(), 0);
                if (copies > 1) {
                    duplicated.add(marker.getKey() + " x" + copies);
                }
                if (marker.getValue()) {
                    acknowledged++;
                    if (copies == 0) {
                        acknowledgedMissing.add(marker.getKey());
                    } else {
                        acknowledgedFound++;
                    }
                } else if (copies > 0) {
                    unacknowledgedStored++;
                }
            }
            List<String> unknownStored = stored.keySet().stream()
                    .filter(marker -> !this.markers.containsKey(marker))
                    .toList();
            int terminated = this.faults.stream()
                    .filter(fault -> fault.name().equals("terminate-connections"))
                    .mapToInt(Fault::affected)
                    .sum();
            return new Report(
                    this.started,
                    this.exchanges.size(),
                    counts,
                    refusals,
                    violations,
                    List.copyOf(this.faults),
                    this.markers.size(),
                    acknowledged,
                    acknowledgedFound,
                    unacknowledgedStored,
                    acknowledgedMissing,
                    duplicated,
                    unknownStored,
                    this.logins,
                    this.families.size(),
                    terminated);
        }

        /** Adds what is wrong with an answer to {@code violations}; returns its kind if it is a refusal. */
        private String judge(Exchange exchange, List<String> violations) {
            int status = exchange.status();
            String what = exchange.operation() + " " + status + " at +"
                    + Duration.between(this.started, exchange.sent()).toMillis() + " ms";
            if (status == -1) {
                violations.add(what + ": no answer from the gateway");
                return "no answer";
            }
            if (status < 400) {
                int expected = switch (exchange.operation()) {
                    case FORUM_WRITE -> 201;
                    case LOGOUT -> 204;
                    default -> 200;
                };
                if (status != expected || exchange.operation() == Operation.WRONG_PASSWORD) {
                    violations.add(what + ": expected " + expected);
                }
                return null;
            }
            if (exchange.contentType() == null || !exchange.contentType().startsWith("application/problem+json")) {
                violations.add(what + ": not a problem body but " + exchange.contentType());
            } else if (exchange.problemStatus() == null || exchange.problemStatus() != status) {
                violations.add(what + ": problem body says status " + exchange.problemStatus());
            }
            if (status == 502 || status == 503 || status == 504) {
                Fault fault = this.faults.stream()
                        .filter(candidate -> candidate.explains(exchange))
                        .findFirst()
                        .orElse(null);
                if (fault == null) {
                    violations.add(what + ": outside any fault that explains it");
                    return status + " unexplained";
                }
                return status + " during " + fault.name();
            }
            if (status == 401 && exchange.excused401() != null) {
                return "401 " + exchange.excused401();
            }
            violations.add(what + ": unexpected refusal");
            return status + " unexpected";
        }
    }

    record Report(
            Instant started,
            int requests,
            Map<String, Integer> counts,
            Map<String, Integer> refusals,
            List<String> violations,
            List<Fault> faults,
            int writes,
            int acknowledged,
            int acknowledgedFound,
            int unacknowledgedStored,
            List<String> acknowledgedMissing,
            List<String> duplicated,
            List<String> unknownStored,
            int logins,
            int families,
            int terminatedConnections) {

        void print(Duration took) {
            StringBuilder text = new StringBuilder("[soak] ")
                    .append(this.requests)
                    .append(" requests in ")
                    .append(took.toSeconds())
                    .append(" s from ")
                    .append(CLIENTS)
                    .append(" clients\n");
            for (Fault fault : this.faults) {
                text.append("[soak] fault ")
                        .append(fault.name())
                        .append(": ")
                        .append(Duration.between(fault.start(), fault.end()).toMillis())
                        .append(" ms, from +")
                        .append(Duration.between(this.started, fault.start()).toMillis())
                        .append(" ms")
                        .append(
                                fault.name().equals("terminate-connections")
                                        ? ", " + fault.affected() + " connections terminated"
                                        : "")
                        .append('\n');
            }
            this.counts.forEach((key, count) -> text.append("[soak] answers ")
                    .append(key)
                    .append(": ")
                    .append(count)
                    .append('\n'));
            this.refusals.forEach((key, count) -> text.append("[soak] refusals ")
                    .append(key)
                    .append(": ")
                    .append(count)
                    .append('\n'));
            text.append("[soak] writes sent ")
                    .append(this.writes)
                    .append(", acknowledged (201) ")
                    .append(this.acknowledged)
                    .append(", acknowledged and found ")
                    .append(this.acknowledgedFound)
                    .append(", unacknowledged but stored ")
                    .append(this.unacknowledgedStored)
                    .append(", duplicated ")
                    .append(this.duplicated.size())
                    .append('\n')
                    .append("[soak] successful logins ")
                    .append(this.logins)
                    .append(", refresh families seen (distinct sid) ")
                    .append(this.families)
                    .append('\n')
                    .append("[soak] violations ")
                    .append(this.violations.size())
                    .append(this.violations.isEmpty() ? "" : ": " + String.join("; ", this.violations));
            System.out.println(text);
        }
    }

    /**
     * One user at one client: logs in, reads, writes, refreshes at half the token's lifetime, sometimes types a
     * wrong password (never more than twice in a row: the account-and-address throttle allows five), logs in a
     * second time or logs out. It keeps going whatever the answers; the judgement comes afterwards.
     */
    private final class Client {

        private final int number;

        private final String username;

        private final Ledger ledger;

        private final Random random;

        private String access;

        private String refreshToken;

        private String family;

        /** When the request that produced the tokens was sent: the tokens are at most this old. */
        private Instant issued;

        /** Set when a rotation's answer was lost: a 401 on the next refresh may be reuse detection. */
        private boolean rotationUncertain;

        private Instant lastRefresh;

        private int wrongInARow;

        private String lastThread;

        private int writes;

        Client(int number, String username, Ledger ledger) {
            this.number = number;
            this.username = username;
            this.ledger = ledger;
            this.random = new Random(number);
        }

        void run(AtomicBoolean stop) {
            while (!stop.get()) {
                int status;
                if (this.access == null) {
                    status = login();
                } else if (refreshDue()) {
                    status = refresh();
                } else {
                    int dice = this.random.nextInt(100);
                    if (dice < 35) {
                        status = write();
                    } else if (dice < 55) {
                        status = read();
                    } else if (dice < 65) {
                        status = me();
                    } else if (dice < 75) {
                        status = refresh();
                    } else if (dice < 78 && this.wrongInARow < 2) {
                        // With the logins below and those after a logout: about one login in ten is wrong (J1).
                        status = wrongPassword();
                    } else if (dice < 92) {
                        status = login();
                    } else {
                        status = logout();
                    }
                }
                if (status >= 500 || status == -1) {
                    // Something is down: do not spin on it.
                    TesseraSystem.sleep(Duration.ofMillis(200));
                }
            }
        }

        /**
         * At half the token's lifetime, and while refreshing fails (auth-service down) at most once a second:
         * in between, the client goes on using its token, as a user would until it expires.
         */
        private boolean refreshDue() {
            Instant now = Instant.now();
            return Duration.between(this.issued, now).toSeconds() >= SharedSystem.TOKEN_LIFETIME_SECONDS / 2
                    && (this.lastRefresh == null
                            || Duration.between(this.lastRefresh, now).toSeconds() >= 1);
        }

        private int login() {
            Instant sent = Instant.now();
            Response response = send(
                    () -> gateway.post("/api/auth/login", Map.of("username", this.username, "password", PASSWORD)));
            this.ledger.add(exchange(Operation.LOGIN, response, sent, null, null));
            if (status(response) == 200) {
                this.wrongInARow = 0;
                takeTokens(response.json(), sent);
                this.ledger.loggedIn(this.family);
            }
            return status(response);
        }

        private int wrongPassword() {
            Instant sent = Instant.now();
            Response response = send(() -> gateway.post(
                    "/api/auth/login", Map.of("username", this.username, "password", PASSWORD + " but wrong")));
            this.wrongInARow++;
            this.ledger.add(exchange(Operation.WRONG_PASSWORD, response, sent, "wrong password", null));
            return status(response);
        }

        private int refresh() {
            Instant sent = Instant.now();
            this.lastRefresh = sent;
            String excuse = this.rotationUncertain ? "refresh after a rotation whose answer was lost" : null;
            Response response =
                    send(() -> gateway.post("/api/auth/refresh", Map.of("refresh_token", this.refreshToken)));
            this.ledger.add(exchange(Operation.REFRESH, response, sent, excuse, null));
            int status = status(response);
            if (status == 200) {
                String before = this.family;
                takeTokens(response.json(), sent);
                if (!this.family.equals(before)) {
                    this.ledger.violation("a refresh moved to another family");
                }
            } else if (status == 401) {
                // The family is gone (reuse detection after a lost answer): its access token goes with it.
                forget();
            } else {
                this.rotationUncertain = true;
            }
            return status;
        }

        private int logout() {
            Instant sent = Instant.now();
            Response response =
                    send(() -> gateway.post("/api/auth/logout", Map.of("refresh_token", this.refreshToken)));
            this.ledger.add(exchange(Operation.LOGOUT, response, sent, null, null));
            // Whatever the answer, this session is over for the client (a lost answer may still have revoked it).
            forget();
            return status(response);
        }

        private int me() {
            Instant sent = Instant.now();
            Response response = send(() -> gateway.get("/api/auth/me", "Authorization", "Bearer " + this.access));
            this.ledger.add(exchange(Operation.ME, response, sent, expiryExcuse(sent), null));
            return status(response);
        }

        private int read() {
            Instant sent = Instant.now();
            String path = (this.lastThread != null && this.random.nextBoolean())
                    ? "/api/forum/threads/" + this.lastThread
                    : "/api/forum/threads";
            Response response = send(() -> gateway.get(path, "Authorization", "Bearer " + this.access));
            this.ledger.add(exchange(Operation.FORUM_READ, response, sent, expiryExcuse(sent), null));
            return status(response);
        }

        private int write() {
            String marker = "soak-" + UUID.randomUUID();
            Instant sent = Instant.now();
            boolean reply = this.lastThread != null && this.random.nextInt(3) == 0;
            String title = "Soak " + this.number + "-" + (++this.writes);
            Response response = send(() -> reply
                    ? gateway.post(
                            "/api/forum/threads/" + this.lastThread + "/posts",
                            Map.of("body", marker),
                            "Authorization",
                            "Bearer " + this.access)
                    : gateway.createThread(this.access, title, marker));
            this.ledger.add(exchange(Operation.FORUM_WRITE, response, sent, expiryExcuse(sent), marker));
            if (!reply && status(response) == 201) {
                this.lastThread = response.json().get("id").asString();
            }
            return status(response);
        }

        private String expiryExcuse(Instant sent) {
            return Duration.between(this.issued, sent).compareTo(EXPIRY_MARGIN) >= 0 ? "token expired" : null;
        }

        private void takeTokens(JsonNode tokens, Instant sent) {
            this.access = tokens.get("access_token").asString();
            this.refreshToken = tokens.get("refresh_token").asString();
            this.family = claim(this.access, "sid");
            this.issued = sent;
            this.rotationUncertain = false;
        }

        private void forget() {
            this.access = null;
            this.refreshToken = null;
            this.family = null;
            this.rotationUncertain = false;
        }
    }

    private static Exchange exchange(
            Operation operation, Response response, Instant sent, String excused401, String marker) {
        Instant received = Instant.now();
        if (response == null) {
            return new Exchange(operation, -1, null, null, sent, received, excused401, marker);
        }
        Integer problemStatus = null;
        String contentType = response.header("Content-Type");
        if (response.status() >= 400 && contentType != null && contentType.startsWith("application/problem+json")) {
            try {
                JsonNode status = Api.json.readTree(response.body()).get("status");
                problemStatus = (status != null) ? status.asInt() : null;
            } catch (RuntimeException notJson) {
                // left null: judged as a problem body without the right status
            }
        }
        return new Exchange(
                operation, response.status(), contentType, problemStatus, sent, received, excused401, marker);
    }

    /** The answer, or {@code null} when the HTTP exchange itself failed (no answer at all). */
    private static Response send(Supplier<Response> call) {
        try {
            return call.get();
        } catch (IllegalStateException ex) {
            return null;
        }
    }

    private static int status(Response response) {
        return (response != null) ? response.status() : -1;
    }

    /** How many forum posts carry each soak marker (a thread's first post carries its body). */
    private Map<String, Integer> storedMarkers() throws SQLException {
        TestDatabase forum = this.system.forumDatabase();
        Map<String, Integer> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(forum.jdbcUrl(), forum.username(), forum.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT body, count(*) FROM posts WHERE body LIKE 'soak-%' GROUP BY body")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getInt(2));
            }
        }
        return stored;
    }

    private Connection controlConnection() throws SQLException {
        return DriverManager.getConnection(this.control.jdbcUrl(), this.control.username(), this.control.password());
    }

    /** Makes a database refuse new connections and ends the open ones: for its service it is down. */
    private int stopDatabase(String database) throws SQLException {
        try (Connection connection = controlConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            return terminateBackends(connection, database);
        }
    }

    private void allowConnections(String database) throws SQLException {
        try (Connection connection = controlConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        }
    }

    private static int terminateBackends(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    private static String claim(String jwt, String name) {
        String payload = jwt.substring(jwt.indexOf('.') + 1, jwt.lastIndexOf('.'));
        return Api.json
                .readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                .get(name)
                .asString();
    }

    private static void sleepUntil(Instant moment) {
        Duration left = Duration.between(Instant.now(), moment);
        if (!left.isNegative()) {
            TesseraSystem.sleep(left);
        }
    }
}
