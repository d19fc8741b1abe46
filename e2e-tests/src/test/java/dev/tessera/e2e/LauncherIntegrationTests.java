package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.testsupport.PostgresTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tessera-local}, the launcher for machines without Docker, exactly as a user runs it, on
 * its own ports, state directory and databases (so it never touches a developer's own instance).
 */
@Order(3)
class LauncherIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final String suffix =
            ProcessHandle.current().pid() + "_" + ThreadLocalRandom.current().nextInt(100000);

    private static final String authDatabase = "tessera_test_launcher_auth_" + suffix;

    private static final String forumDatabase = "tessera_test_launcher_forum_" + suffix;

    private static final Path state = root.resolve("e2e-tests/target/launcher-state-" + suffix);

    private static final int gatewayPort = 20000 + ThreadLocalRandom.current().nextInt(5000);

    @AfterAll
    static void stopAndDropDatabases() throws Exception {
        run("stop");
        PostgresTestServer.get().dropDatabase(authDatabase);
        PostgresTestServer.get().dropDatabase(forumDatabase);
    }

    @Test
    void startWhenRunTwiceThenSecondRefusedAndStopLeavesNoProcess() throws Exception {
        Result started = run("start");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("Tessera is up: http://localhost:" + gatewayPort);
        Matcher admin = Pattern.compile("admin login: admin / (\\S+)").matcher(started.output());
        assertThat(admin.find()).as(started.output()).isTrue();

        Api gateway = new Api(java.net.URI.create("http://127.0.0.1:" + gatewayPort));
        assertThat(gateway.login("admin", admin.group(1)).get("access_token").asString())
                .as("the printed admin login works")
                .isNotBlank();
        List<ProcessHandle> services = servicePids();
        assertThat(services).hasSize(3).allMatch(ProcessHandle::isAlive);

        Result again = run("start");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains("already running");
        assertThat(servicePids()).containsExactlyInAnyOrderElementsOf(services);

        Result stopped = run("stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        for (ProcessHandle service : services) {
            service.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(services).noneMatch(ProcessHandle::isAlive);
        assertThat(run("status").output()).doesNotContain("running (pid");
    }

    private static List<ProcessHandle> servicePids() throws IOException {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String service : List.of("auth-service", "forum-service", "gateway")) {
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

    private static Result run(String command) throws IOException, InterruptedException {
        PostgresTestServer postgres = PostgresTestServer.get();
        ProcessBuilder builder = new ProcessBuilder(
                        root.resolve("tessera-local").toString(), command)
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
        builder.environment().keySet().removeIf(key -> key.startsWith("TESSERA_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
