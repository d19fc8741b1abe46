package dev.tessera.e2e;

import dev.tessera.testsupport.PostgresTestServer;
import dev.tessera.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The three Tessera services started from their built jars as separate OS processes on free ports,
 * against fresh PostgreSQL databases, with production posture (real random secrets, no {@code dev}
 * profile). Close it to stop every process; a JVM shutdown hook does the same if a test run dies.
 */
final class TesseraSystem implements AutoCloseable {

    enum Service {
        AUTH("auth-service"),
        FORUM("forum-service"),
        NOTIFY("notification-service"),
        GATEWAY("gateway");

        final String module;

        Service(String module) {
            this.module = module;
        }
    }

    static final String ADMIN_USERNAME = "admin";

    /**
     * Both are ready (auth-service serves its keys): the gateway fetches them at once and retries within seconds, so
     * this only bounds a defect.
     */
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Five connections per service instead of ten: two systems run at once (see junit-platform.properties), with up
     * to six instances each, against one PostgreSQL whose default limit is 100 connections; at ten, a run once
     * failed with "sorry, too many clients already".
     */
    private static final String POOL_SIZE = "--spring.datasource.hikari.maximum-pool-size=5";

    /** Restarts in these tests need no drain before shutdown; the replica test sets its own (extra arguments win). */
    private static final String NO_DRAIN = "--tessera.shutdown.drain-delay=0s";

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root = Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private final String version = System.getProperty("tessera.version", "0.1.0-SNAPSHOT");

    private final Path logDir;

    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);

    private final Map<Service, Process> processes = new EnumMap<>(Service.class);

    private final List<ProcessHandle> everStarted = new ArrayList<>();

    private final Map<String, String> environment = new HashMap<>();

    private final Map<Service, List<String>> arguments = new EnumMap<>(Service.class);

    private final TestDatabase authDatabase;

    private final TestDatabase forumDatabase;

    private final TestDatabase notifyDatabase;

    private final String forumClientSecret;

    private final String adminPassword;

    /** The administrator's authenticator key once enrolled ({@link #adminTotpKey}), and the last step used. */
    private String adminTotpKey;

    private long lastAdminStep = -1;

    private final Map<Service, String> passportKeys = new EnumMap<>(Service.class);

    private final Map<Service, Map<String, String>> serviceEnvironment = new EnumMap<>(Service.class);

    private final Thread shutdownHook = new Thread(this::destroyAll, "tessera-e2e-cleanup");

    /** Ports handed out by {@link #reservePort()} (load balancer frontends, replicas), never chosen twice. */
    private final java.util.Set<Integer> reservedPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Further instances of a service ({@link #addReplica}), stopped with the rest. */
    private final List<Replica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TesseraSystem(String name, Map<Service, List<String>> extraArguments) {
        this.logDir = this.root.resolve("e2e-tests/target/e2e-logs/" + name);
        for (Service service : Service.values()) {
            this.ports.put(service, freePort());
            this.managementPorts.put(service, freePort());
        }
        PostgresTestServer server = PostgresTestServer.get();
        this.authDatabase = server.createDatabase("e2eauth");
        this.forumDatabase = server.createDatabase("e2eforum");
        this.notifyDatabase = server.createDatabase("e2enotify");
        this.adminPassword = "admin-" + randomBase64(18);
        // One passport key per downstream service; the gateway holds them all, each service only its own.
        this.passportKeys.put(Service.AUTH, randomBase64(32));
        this.passportKeys.put(Service.FORUM, randomBase64(32));
        this.passportKeys.put(Service.NOTIFY, randomBase64(32));
        // forum-service's machine client at auth-service: forum-service holds the secret, auth-service its hash.
        this.forumClientSecret =
                randomBase64(32).replace('+', '-').replace('/', '_').replace("=", "");
        this.serviceEnvironment.put(
                Service.AUTH, Map.of("TESSERA_PASSPORT_SECRETS", this.passportKeys.get(Service.AUTH)));
        this.serviceEnvironment.put(
                Service.FORUM,
                Map.of(
                        "TESSERA_PASSPORT_SECRETS",
                        this.passportKeys.get(Service.FORUM),
                        "TESSERA_FORUM_NOTIFICATIONS_CLIENT_SECRET",
                        this.forumClientSecret));
        this.serviceEnvironment.put(
                Service.NOTIFY, Map.of("TESSERA_PASSPORT_SECRETS", this.passportKeys.get(Service.NOTIFY)));
        this.serviceEnvironment.put(
                Service.GATEWAY,
                Map.of(
                        "TESSERA_GATEWAY_PASSPORT_KEYS_AUTHSERVICE", this.passportKeys.get(Service.AUTH),
                        "TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE", this.passportKeys.get(Service.FORUM),
                        "TESSERA_GATEWAY_PASSPORT_KEYS_NOTIFICATIONSERVICE", this.passportKeys.get(Service.NOTIFY)));
        String issuer = gatewayUri().toString();
        this.environment.put("SPRING_PROFILES_ACTIVE", "e2e");
        this.environment.put("TESSERA_KEY_ENCRYPTION_KEY", randomBase64(32));
        this.environment.put("TESSERA_AUTH_TOKEN_ISSUER", issuer);
        this.environment.put("TESSERA_GATEWAY_ISSUER", issuer);
        this.environment.put("TESSERA_AUTH_ADMIN_USERNAME", ADMIN_USERNAME);
        this.environment.put("TESSERA_ADMIN_PASSWORD", this.adminPassword);
        this.arguments.put(
                Service.AUTH,
                withExtra(
                        extraArguments,
                        Service.AUTH,
                        "--spring.datasource.url=" + this.authDatabase.jdbcUrl(),
                        "--spring.datasource.username=" + this.authDatabase.username(),
                        "--spring.datasource.password=" + this.authDatabase.password(),
                        POOL_SIZE,
                        NO_DRAIN,
                        "--tessera.auth.clients.forum-service.secret-sha256=" + sha256Hex(this.forumClientSecret),
                        "--tessera.auth.clients.forum-service.audiences=notification-service",
                        "--tessera.auth.clients.forum-service.scopes=notifications:write",
                        // Passkeys: Chromium opens the page as localhost (the default RP ID; an IP address such as
                        // the issuer's 127.0.0.1 cannot be one), so that is the origin its ceremonies name.
                        "--tessera.auth.webauthn.origins=http://localhost:" + this.ports.get(Service.GATEWAY)));
        this.arguments.put(
                Service.FORUM,
                withExtra(
                        extraArguments,
                        Service.FORUM,
                        "--spring.datasource.url=" + this.forumDatabase.jdbcUrl(),
                        "--spring.datasource.username=" + this.forumDatabase.username(),
                        "--spring.datasource.password=" + this.forumDatabase.password(),
                        POOL_SIZE,
                        NO_DRAIN,
                        "--tessera.forum.notifications.uri=" + serviceUri(Service.NOTIFY),
                        "--tessera.forum.notifications.token-uri=" + serviceUri(Service.AUTH) + "/auth/oauth2/token",
                        // Deliveries within the tests' patience: a relay round every 200 ms.
                        "--tessera.forum.notifications.poll-interval=200ms"));
        String notifyR2dbc = "r2dbc:" + this.notifyDatabase.jdbcUrl().substring("jdbc:".length());
        this.arguments.put(
                Service.NOTIFY,
                withExtra(
                        extraArguments,
                        Service.NOTIFY,
                        "--spring.r2dbc.url=" + notifyR2dbc,
                        "--spring.r2dbc.username=" + this.notifyDatabase.username(),
                        "--spring.r2dbc.password=" + this.notifyDatabase.password(),
                        "--spring.r2dbc.pool.initial-size=2",
                        "--spring.r2dbc.pool.max-size=5",
                        NO_DRAIN,
                        "--spring.flyway.url=" + this.notifyDatabase.jdbcUrl(),
                        "--tessera.service-token.jwks-uri=" + serviceUri(Service.AUTH) + "/.well-known/jwks.json",
                        "--tessera.service-token.issuer=" + gatewayUri()));
        this.arguments.put(
                Service.GATEWAY,
                withExtra(
                        extraArguments,
                        Service.GATEWAY,
                        "--tessera.gateway.auth-uri=" + serviceUri(Service.AUTH),
                        "--tessera.gateway.shutdown.drain-delay=0s",
                        "--tessera.gateway.routes.forum.uri=" + serviceUri(Service.FORUM),
                        "--tessera.gateway.routes.notify.uri=" + serviceUri(Service.NOTIFY),
                        // Every test client (HTTP clients, Chromium, the load of the scheme comparison) is 127.0.0.1.
                        "--tessera.gateway.connections.max-per-address=1000",
                        // Chromium opens the page as localhost, the HTTP clients use 127.0.0.1: both are this
                        // system's public origins (the login CSRF check compares Origin with them, never Host).
                        "--tessera.gateway.public-origins=http://localhost:" + this.ports.get(Service.GATEWAY)
                                + ",http://127.0.0.1:" + this.ports.get(Service.GATEWAY)));
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /** Starts all four services and waits until each reports ready. */
    static TesseraSystem start(String name) {
        return start(name, Map.of());
    }

    /** Starts all four services, each with extra command-line arguments, and waits until ready. */
    static TesseraSystem start(String name, Map<Service, List<String>> extraArguments) {
        TesseraSystem system = new TesseraSystem(name, extraArguments);
        try {
            for (Service service : Service.values()) {
                system.startProcess(service);
            }
            for (Service service : Service.values()) {
                system.awaitReady(service);
            }
            system.awaitGatewayKeys();
            return system;
        } catch (RuntimeException ex) {
            system.close();
            throw ex;
        }
    }

    /**
     * The system with its ports, databases and arguments decided but nothing started: add replicas and change
     * arguments ({@link #configure}) first, then {@link #startAll()}.
     */
    static TesseraSystem create(String name, Map<Service, List<String>> extraArguments) {
        return new TesseraSystem(name, extraArguments);
    }

    /** Starts every service and every replica, and waits until each is ready and each gateway holds the keys. */
    void startAll() {
        try {
            for (Service service : Service.values()) {
                startProcess(service);
            }
            for (Service service : Service.values()) {
                awaitReady(service);
            }
            // The replicas after the first instances, not with them: seven JVMs starting at once on a small, busy
            // machine take longer than the start-up timeout; the ones already up serve meanwhile.
            this.replicas.forEach(Replica::launch);
            this.replicas.forEach(Replica::awaitReady);
            awaitGatewayKeys();
            for (Replica replica : this.replicas) {
                if (replica.service == Service.GATEWAY) {
                    awaitGatewayKeys(replica.uri());
                }
            }
        } catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    /**
     * Changes a service's arguments before it starts: an argument {@code --name=value} replaces the one of the same
     * name (a replica's upstreams pointing at a load balancer instead of one instance, say). Replicas added later
     * inherit the result.
     */
    void configure(Service service, List<String> arguments) {
        this.arguments.put(service, replaced(this.arguments.get(service), arguments));
    }

    /** A free port that no other part of this system uses or will use. */
    int reservePort() {
        int port = freePort();
        this.reservedPorts.add(port);
        return port;
    }

    /**
     * Another instance of a service on its own ports, against the same databases with the same secrets: the
     * service's arguments, with {@code extraArguments} replacing those of the same name. Started by
     * {@link #startAll()}, stopped with the system.
     */
    Replica addReplica(Service service, List<String> extraArguments) {
        long same = this.replicas.stream()
                .filter(replica -> replica.service == service)
                .count();
        Replica replica = new Replica(
                service,
                service.module + "-" + (same + 2),
                reservePort(),
                reservePort(),
                replaced(this.arguments.get(service), extraArguments));
        this.replicas.add(replica);
        return replica;
    }

    /**
     * Stops a service the way an orchestrator does (SIGTERM: graceful shutdown) and waits until it has exited.
     *
     * @return the exit code
     */
    int terminate(Service service) {
        Process process = this.processes.remove(service);
        return process == null ? -1 : terminate(process);
    }

    /** Starts a service again after {@link #terminate(Service)} and waits until it is ready. */
    void start(Service service) {
        startProcess(service);
        awaitReady(service);
    }

    /** One more instance of a service ({@link #addReplica}); its log is {@code <module>-<n>.log}. */
    final class Replica {

        final Service service;

        final String name;

        private final int port;

        private final int managementPort;

        private final List<String> arguments;

        private volatile Process process;

        private Replica(Service service, String name, int port, int managementPort, List<String> arguments) {
            this.service = service;
            this.name = name;
            this.port = port;
            this.managementPort = managementPort;
            this.arguments = arguments;
        }

        int port() {
            return this.port;
        }

        int managementPort() {
            return this.managementPort;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + this.port);
        }

        Path logFile() {
            return TesseraSystem.this.logDir.resolve(this.name + ".log");
        }

        /** SIGTERM, as {@link TesseraSystem#terminate(Service)}; returns the exit code. */
        int terminate() {
            Process running = this.process;
            this.process = null;
            return running == null ? -1 : TesseraSystem.terminate(running);
        }

        /** Starts it again after {@link #terminate()} and waits until it is ready. */
        void start() {
            launch();
            awaitReady();
        }

        private void launch() {
            this.process =
                    TesseraSystem.this.launch(this.service, this.port, this.managementPort, this.arguments, logFile());
        }

        private void awaitReady() {
            TesseraSystem.this.awaitReady(
                    this.name, URI.create("http://127.0.0.1:" + this.managementPort), () -> this.process, logFile());
        }
    }

    URI gatewayUri() {
        return serviceUri(Service.GATEWAY);
    }

    URI serviceUri(Service service) {
        return URI.create("http://127.0.0.1:" + this.ports.get(service));
    }

    URI managementUri(Service service) {
        return URI.create("http://127.0.0.1:" + this.managementPorts.get(service));
    }

    String adminPassword() {
        return this.adminPassword;
    }

    /**
     * Logs the bootstrap administrator in through {@code gateway} with both factors, as the admin routes want
     * (issue 17: {@code /api/auth/admin/**} requires a second factor by default). The administrator's authenticator
     * app is enrolled at the first call (the system's database keeps it); every later login of {@code admin},
     * in a browser too, then asks for a code ({@link #adminCode}).
     *
     * @return the login's JSON (access and refresh token)
     */
    JsonNode adminLogin(Api gateway) {
        String key = adminTotpKey(gateway);
        Api.Response first =
                gateway.post("/api/auth/login", Map.of("username", ADMIN_USERNAME, "password", this.adminPassword));
        if (first.status() != 401 || !first.body().contains("second-factor-required")) {
            throw new IllegalStateException("admin login, first step: " + first);
        }
        Api.Response second = gateway.post(
                "/api/auth/login/second-factor",
                Map.of("challenge", first.json().get("challenge").asString(), "code", adminCode(key)));
        if (second.status() != 200) {
            throw new IllegalStateException("admin login, second step: " + second);
        }
        return second.json();
    }

    /** The administrator's access token from {@link #adminLogin}. */
    String adminToken(Api gateway) {
        return adminLogin(gateway).get("access_token").asString();
    }

    /**
     * The administrator's authenticator key (base32), enrolling it with a password-only login the first time.
     */
    synchronized String adminTotpKey(Api gateway) {
        if (this.adminTotpKey != null) {
            return this.adminTotpKey;
        }
        String token = gateway.login(ADMIN_USERNAME, this.adminPassword)
                .get("access_token")
                .asString();
        Api.Response begun = gateway.post("/api/auth/me/totp", null, "Authorization", "Bearer " + token);
        if (begun.status() != 200) {
            throw new IllegalStateException("admin TOTP enrolment: " + begun);
        }
        String key = begun.json().get("secret").asString();
        Api.Response confirmed = gateway.post(
                "/api/auth/me/totp/confirm", Map.of("code", adminCode(key)), "Authorization", "Bearer " + token);
        if (confirmed.status() != 200) {
            throw new IllegalStateException("admin TOTP confirmation: " + confirmed);
        }
        this.adminTotpKey = key;
        return key;
    }

    /**
     * A code of the administrator's app that auth-service has not accepted yet: it refuses a code for a time step
     * already used (a replay within the 30 s window), so a second admin login within one step waits for the next.
     */
    synchronized String adminCode(String key) {
        long now = Instant.now().getEpochSecond() / 30;
        long step = Math.max(now, this.lastAdminStep + 1);
        Instant at = Instant.ofEpochSecond(step * 30);
        Duration wait = Duration.between(Instant.now(), at);
        if (!wait.isNegative()) {
            try {
                Thread.sleep(wait.toMillis() + 50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        this.lastAdminStep = step;
        return Totp.code(key, at);
    }

    /** The passport key of a downstream service: only it and the gateway hold it. */
    String passportKey(Service service) {
        return this.passportKeys.get(service);
    }

    /** forum-service's client secret at auth-service (client credentials): only forum-service holds it. */
    String forumClientSecret() {
        return this.forumClientSecret;
    }

    /** Every passport key of this system, for checks that none reaches a log. */
    List<String> passportKeys() {
        return List.copyOf(this.passportKeys.values());
    }

    TestDatabase authDatabase() {
        return this.authDatabase;
    }

    TestDatabase forumDatabase() {
        return this.forumDatabase;
    }

    Path logFile(Service service) {
        return this.logDir.resolve(service.module + ".log");
    }

    /** Destroys a service's process at once, as a crash would (SIGKILL). */
    void kill(Service service) {
        Process process = this.processes.remove(service);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts a service again after {@link #kill(Service)} and waits until it is ready. */
    void restart(Service service) {
        kill(service);
        startProcess(service);
        awaitReady(service);
    }

    /** Every process this system ever started, for orphan checks. */
    List<ProcessHandle> everStarted() {
        synchronized (this.everStarted) {
            return List.copyOf(this.everStarted);
        }
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
        } catch (IllegalStateException ex) {
            // the JVM is already shutting down: the hook runs anyway
        }
        PostgresTestServer.get().dropDatabase(this.authDatabase);
        PostgresTestServer.get().dropDatabase(this.forumDatabase);
        PostgresTestServer.get().dropDatabase(this.notifyDatabase);
    }

    private void startProcess(Service service) {
        this.processes.put(
                service,
                launch(
                        service,
                        this.ports.get(service),
                        this.managementPorts.get(service),
                        this.arguments.get(service),
                        logFile(service)));
    }

    private Process launch(Service service, int port, int managementPort, List<String> arguments, Path log) {
        Path jar = this.root.resolve(service.module + "/target/" + service.module + "-" + this.version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No executable jar at " + jar + ": run ./mvnw verify from the root");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ClassDataArchives.JVM_OPTIONS);
        command.add("-Xshare:auto");
        command.addAll(ClassDataArchives.jarArguments(this.root, this.version, service, jar));
        command.add("--server.port=" + port);
        command.add("--management.server.port=" + managementPort);
        command.addAll(arguments);
        try {
            Files.createDirectories(this.logDir);
            // The command line holds no secret (those travel in the environment): log it for diagnosis.
            Files.writeString(
                    log,
                    "### " + Instant.now() + " starting: " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(this.environment);
            builder.environment().putAll(this.serviceEnvironment.get(service));
            Process process = builder.start();
            synchronized (this.everStarted) {
                this.everStarted.add(process.toHandle());
            }
            return process;
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + service.module, ex);
        }
    }

    private void awaitReady(Service service) {
        awaitReady(service.module, managementUri(service), () -> this.processes.get(service), logFile(service));
    }

    private void awaitReady(String name, URI management, java.util.function.Supplier<Process> processes, Path log) {
        URI readiness = management.resolve("/actuator/health/readiness");
        StartupWatch watch = null;
        while (true) {
            Process process = processes.get();
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            if (watch == null) {
                watch = new StartupWatch(name, process.toHandle());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    // Start-up times of a run, for whoever works on its length (the CI's 2 cores are the limit).
                    System.out.println("[e2e] " + watch.progress());
                    return;
                }
            } catch (IOException ex) {
                // not listening yet
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            watch.check(log.toString());
            sleep(Duration.ofMillis(250));
        }
    }

    /**
     * The gateway is ready before it holds auth-service's keys (public routes must work while
     * auth-service is down), and answers 503 on protected routes until then. A well-formed token
     * with an unknown {@code kid} tells the two apart: 503 without keys, 401 with them.
     */
    private void awaitGatewayKeys() {
        awaitGatewayKeys(gatewayUri());
    }

    private void awaitGatewayKeys(URI gateway) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String probe = base64.encodeToString(
                        "{\"alg\":\"RS256\",\"kid\":\"e2e-probe\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString("{\"sub\":\"probe\"}".getBytes(StandardCharsets.UTF_8)) + ".AAAA";
        Instant deadline = Instant.now().plus(KEYS_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(gateway.resolve("/api/forum/threads"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer " + probe)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return;
                }
            } catch (IOException ex) {
                // not answering yet
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("The gateway did not load auth-service's keys within " + KEYS_TIMEOUT);
    }

    private void destroyAll() {
        List<Process> running = new ArrayList<>(this.processes.values());
        this.processes.clear();
        for (Replica replica : this.replicas) {
            Process process = replica.process;
            replica.process = null;
            if (process != null) {
                running.add(process);
            }
        }
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
            } catch (InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then waits for the exit (SIGKILL after 60 s); returns the exit code. */
    private static int terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                waitFor(process);
            }
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    private static List<String> withExtra(Map<Service, List<String>> extra, Service service, String... base) {
        return replaced(List.of(base), extra.getOrDefault(service, List.of()));
    }

    /**
     * The base arguments followed by the extra ones, where an extra {@code --name=value} replaces a base argument of
     * the same name: Spring Boot would join two values of one name with a comma instead.
     */
    private static List<String> replaced(List<String> base, List<String> extra) {
        java.util.Set<String> names = new java.util.HashSet<>();
        extra.forEach(argument -> names.add(argumentName(argument)));
        List<String> all = new ArrayList<>();
        for (String argument : base) {
            if (!names.contains(argumentName(argument))) {
                all.add(argument);
            }
        }
        all.addAll(extra);
        return all;
    }

    private static String argumentName(String argument) {
        int equals = argument.indexOf('=');
        return equals < 0 ? argument : argument.substring(0, equals);
    }

    /** A port no other part of this test run uses or will use (see {@link FreePorts}). */
    private int freePort() {
        return FreePorts.reserve();
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
