package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.testsupport.PostgresTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./tessera-local}, the launcher for machines without Docker, exactly as a user runs it, on
 * its own ports, state directory and databases (so it never touches a developer's own instance).
 */
@Order(3)
// The first start is the one that writes the class-data archives; a failed start would write auth-service's too.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final String suffix =
            ProcessHandle.current().pid() + "_" + ThreadLocalRandom.current().nextInt(100000);

    private static final String authDatabase = "tessera_test_launcher_auth_" + suffix;

    private static final String forumDatabase = "tessera_test_launcher_forum_" + suffix;

    private static final String notifyDatabase = "tessera_test_launcher_notify_" + suffix;

    private static final List<String> SERVICES =
            List.of("auth-service", "forum-service", "notification-service", "gateway");

    private static final Path state = root.resolve("e2e-tests/target/launcher-state-" + suffix);

    /** The launcher puts the services on the next three ports and each management port 1,000 above. */
    private static final int gatewayPort = FreePorts.reserveBlock(0, 1, 2, 3, 1000, 1001, 1002, 1003);

    @AfterAll
    static void stopAndDropDatabases() throws Exception {
        run("stop");
        PostgresTestServer.get().dropDatabase(authDatabase);
        PostgresTestServer.get().dropDatabase(forumDatabase);
        PostgresTestServer.get().dropDatabase(notifyDatabase);
        // Each database had its own role, named like it.
        PostgresTestServer.get().dropRole(authDatabase);
        PostgresTestServer.get().dropRole(forumDatabase);
        PostgresTestServer.get().dropRole(notifyDatabase);
    }

    @Test
    @Order(1)
    void startWhenRunTwiceThenSecondRefusedAndStopLeavesNoProcess() throws Exception {
        Result started = run("start");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("Tessera is up: http://localhost:" + gatewayPort);
        for (String service : SERVICES) {
            assertThat(started.output())
                    .as("no training start: the archive is written when the service stops")
                    .contains(service + " writes its class-data archive when it stops");
        }
        Matcher admin = Pattern.compile("admin login: admin / (\\S+)").matcher(started.output());
        assertThat(admin.find()).as(started.output()).isTrue();

        Api gateway = new Api(java.net.URI.create("http://127.0.0.1:" + gatewayPort));
        assertThat(gateway.login("admin", admin.group(1)).get("access_token").asString())
                .as("the printed admin login works")
                .isNotBlank();
        List<ProcessHandle> services = servicePids();
        assertThat(services).hasSize(4).allMatch(ProcessHandle::isAlive);
        assertOnlyLoopbackListens();
        assertEachServiceHoldsOnlyItsOwnSecrets();
        assertEachServiceHasItsOwnUnprivilegedRole();

        Result again = run("start");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains("already running");
        assertThat(servicePids()).containsExactlyInAnyOrderElementsOf(services);

        // The experiment the README tells a learner to make: stop auth-service, keep posting with a token.
        String token =
                gateway.login("admin", admin.group(1)).get("access_token").asString();
        Result authStopped = run("stop", "auth-service");
        assertThat(authStopped.exitCode()).as(authStopped.output()).isZero();
        assertThat(run("status").output())
                .contains("auth-service: stopped")
                .contains("gateway: running")
                .contains("forum-service: running");
        assertThat(gateway.createThread(token, "Written while auth-service is down", "Tokens still work.")
                        .status())
                .isEqualTo(201);
        assertThat(gateway.post("/api/auth/login", Map.of("username", "admin", "password", admin.group(1)))
                        .status())
                .as("login needs auth-service")
                .isEqualTo(503);
        assertThat(classDataArchive("auth-service"))
                .as("auth-service wrote its class-data archive when it stopped")
                .isNotEmptyFile();
        Result authStarted = run("start", "auth-service");
        assertThat(authStarted.exitCode()).as(authStarted.output()).isZero();
        // The launcher says so only after the JVM mapped the archive with -Xshare:on, which refuses one it cannot use.
        assertThat(authStarted.output()).contains("auth-service uses its class-data archive");
        assertThat(servicePids().stream()
                        .flatMap(service -> service.info().arguments().stream().flatMap(Arrays::stream))
                        .filter(argument ->
                                argument.equals("-XX:SharedArchiveFile=" + classDataArchive("auth-service"))))
                .as("the new auth-service runs with the archive its predecessor wrote")
                .hasSize(1);
        assertThat(gateway.login("admin", admin.group(1)).get("access_token").asString())
                .isNotBlank();
        services = servicePids();
        assertThat(services).hasSize(4);

        Result stopped = run("stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        for (ProcessHandle service : services) {
            service.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(services).noneMatch(ProcessHandle::isAlive);
        assertThat(run("status").output()).doesNotContain("running (pid");
    }

    @Test
    @Order(2)
    void startWhenAServiceCannotStartThenEverythingItStartedIsStoppedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(gatewayPort + 1, 50, InetAddress.getLoopbackAddress())) {
            Result failed = run("start");

            assertThat(failed.exitCode()).as(failed.output()).isNotZero();
            assertThat(failed.output()).contains("auth-service").contains("stopping what it started");
        }
        assertThat(servicePids()).as("no pid file left behind").isEmpty();
        try (var files = Files.list(state)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".pid"));
        }
        assertThat(run("status").output()).doesNotContain("running (pid");
    }

    /**
     * The pen test reached the services' own ports and the management ports from other interfaces: now every port
     * (service and management, gateway included by default) answers on loopback and on no other address.
     */
    /** The launcher keeps one archive per service, under the jar's and the JDK's checksums. */
    private static Path classDataArchive(String service) {
        try (var keys = Files.list(state.resolve("cds").resolve(service))) {
            List<Path> archives = keys.map(key -> key.resolve("app.jsa")).toList();
            assertThat(archives).as("one archive directory for " + service).hasSize(1);
            return archives.get(0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void assertOnlyLoopbackListens() throws IOException {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(others::add);
            }
        }
        for (int offset = 0; offset < 4; offset++) {
            for (int port : List.of(gatewayPort + offset, gatewayPort + offset + 1000)) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port))
                        .as("port %d on loopback", port)
                        .isTrue();
                for (InetAddress other : others) {
                    assertThat(connects(other, port))
                            .as("port %d on %s", port, other)
                            .isFalse();
                }
            }
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    /** One directory of secrets per service, readable by the owner only, with nothing another service needs. */
    private static void assertEachServiceHoldsOnlyItsOwnSecrets() throws IOException {
        Path secrets = state.resolve("secrets");
        Map<String, String> keys = new HashMap<>();
        for (String service : List.of("auth-service", "forum-service", "notification-service")) {
            keys.put(service, Files.readString(secrets.resolve(service).resolve("tessera.passport.secrets")));
            assertThat(Files.readString(secrets.resolve("gateway/tessera.gateway.passport.keys." + service)))
                    .as("the gateway signs for %s with that service's key", service)
                    .isEqualTo(keys.get(service));
        }
        assertThat(new java.util.HashSet<>(keys.values()))
                .as("three different keys")
                .hasSize(3);
        try (var files = Files.walk(secrets)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------");
                String content = Files.readString(file);
                Path owner = secrets.relativize(file).getName(0);
                for (Map.Entry<String, String> key : keys.entrySet()) {
                    if (!owner.toString().equals(key.getKey())
                            && !owner.toString().equals("gateway")
                            && !owner.toString().equals(".values")) {
                        assertThat(content)
                                .as(file + " holds no other service's key")
                                .doesNotContain(key.getValue());
                    }
                }
            }
        }
        String clientSecret =
                Files.readString(secrets.resolve("forum-service/tessera.forum.notifications.client-secret"));
        try (var files = Files.walk(secrets)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String owner = secrets.relativize(file).getName(0).toString();
                if (!owner.equals("forum-service") && !owner.equals(".values")) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(clientSecret);
                }
            }
        }
    }

    /** The pen test found the services connected as the superuser: each has its own role, owning its database only. */
    private static void assertEachServiceHasItsOwnUnprivilegedRole() throws Exception {
        PostgresTestServer postgres = PostgresTestServer.get();
        String url = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
            for (String database : List.of(authDatabase, forumDatabase, notifyDatabase)) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, pg_get_userbyid(d.datdba),"
                                + " (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname"
                                + "  AND a.usename <> r.rolname AND a.backend_type = 'client backend'"
                                + "  AND a.pid <> pg_backend_pid())"
                                + " FROM pg_roles r, pg_database d WHERE r.rolname = ? AND d.datname = ?")) {
                    statement.setString(1, database);
                    statement.setString(2, database);
                    try (ResultSet row = statement.executeQuery()) {
                        assertThat(row.next())
                                .as("role and database " + database)
                                .isTrue();
                        assertThat(row.getBoolean(1))
                                .as(database + " superuser")
                                .isFalse();
                        assertThat(row.getBoolean(2)).as(database + " createdb").isFalse();
                        assertThat(row.getBoolean(3))
                                .as(database + " createrole")
                                .isFalse();
                        assertThat(row.getString(4)).as(database + " owner").isEqualTo(database);
                        assertThat(row.getLong(5))
                                .as("connections to " + database + " as another role")
                                .isZero();
                    }
                }
            }
        }
    }

    private static List<ProcessHandle> servicePids() throws IOException {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String service : SERVICES) {
            Path pidFile = state.resolve(service + ".pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                handle.ifPresent(handles::add);
            }
        }
        return handles;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        PostgresTestServer postgres = PostgresTestServer.get();
        ProcessBuilder builder = new ProcessBuilder(java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(
                                        root.resolve("tessera-local").toString()),
                                java.util.stream.Stream.of(command))
                        .toList())
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>(Map.of(
                "PGHOST", postgres.host(),
                "PGPORT", Integer.toString(postgres.port()),
                "PGUSER", postgres.username(),
                "PGPASSWORD", postgres.password(),
                "TESSERA_LOCAL_STATE", state.toString(),
                "TESSERA_AUTH_DATABASE", authDatabase,
                "TESSERA_FORUM_DATABASE", forumDatabase,
                "TESSERA_GATEWAY_PORT", Integer.toString(gatewayPort),
                "TESSERA_AUTH_PORT", Integer.toString(gatewayPort + 1),
                "TESSERA_FORUM_PORT", Integer.toString(gatewayPort + 2)));
        environment.put("TESSERA_NOTIFY_DATABASE", notifyDatabase);
        environment.put("TESSERA_NOTIFY_PORT", Integer.toString(gatewayPort + 3));
        // The launcher's own 180 s is for a person's machine; in CI the second lane starts replicas beside it and
        // auth-service once took 193 s to start. What is tested here is the launcher, not how fast a busy machine is.
        environment.put("TESSERA_START_TIMEOUT", "420");
        builder.environment().keySet().removeIf(key -> key.startsWith("TESSERA_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
