package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks docker-compose.yml offline with Debian's {@code docker-compose} (no Docker engine needed):
 * it must be valid, publish only the gateway and start services only once what they need is
 * healthy.
 */
class ComposeFileTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void renderComposeFile() throws Exception {
        boolean available = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(available, "docker-compose (v1, Debian) is not installed");
        }
        assertThat(available).as("CI installs docker-compose").isTrue();
        Result quiet = run("config", "-q");
        assertThat(quiet.exitCode()).as(quiet.output()).isZero();
        Result rendered = run("config");
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        Map<String, Object> model = new Yaml().load(rendered.output());
        services = (Map<String, Object>) model.get("services");
    }

    @Test
    void composeWhenRenderedThenHasPostgresTheSecretsStepAndTheFourServices() {
        assertThat(services)
                .containsOnlyKeys(
                        "secrets", "postgres", "auth-service", "forum-service", "notification-service", "gateway");
    }

    @Test
    void composeWhenRenderedThenOnlyTheGatewayPublishesAPort() {
        assertThat(services).allSatisfy((name, service) -> {
            Object ports = ((Map<?, ?>) service).get("ports");
            if (name.equals("gateway")) {
                assertThat(ports).asString().contains("8080").contains("127.0.0.1");
            } else {
                assertThat(ports).as(name + " publishes no port").isNull();
            }
        });
    }

    @Test
    void composeWhenRenderedThenServicesWaitForHealthyDependencies() {
        for (String name : List.of("auth-service", "forum-service", "notification-service", "gateway")) {
            Map<?, ?> dependsOn = (Map<?, ?>) ((Map<?, ?>) services.get(name)).get("depends_on");
            assertThat(dependsOn).as(name).isNotEmpty();
            assertThat(dependsOn.values())
                    .allSatisfy(condition ->
                            assertThat(((Map<?, ?>) condition).get("condition")).isEqualTo("service_healthy"));
        }
    }

    @Test
    void composeWhenRenderedThenNoSecretIsWrittenAndEachServiceMountsOnlyItsOwn() {
        Map<String, String> own = Map.of(
                "auth-service", "secrets-auth",
                "forum-service", "secrets-forum",
                "notification-service", "secrets-notify",
                "gateway", "secrets-gateway",
                "postgres", "secrets-postgres");
        own.forEach((name, volume) -> {
            Map<?, ?> service = (Map<?, ?>) services.get(name);
            Map<?, ?> environment = (Map<?, ?>) service.get("environment");
            assertThat(environment.keySet())
                    .as(name + " environment")
                    .noneMatch(key -> key.toString().matches(".*(SECRET|_KEY|PASSWORD)(S)?$")
                            && !key.toString().equals("TESSERA_ADMIN_PASSWORD"));
            assertThat(service.get("volumes"))
                    .asString()
                    .as(name + " volumes")
                    .contains(volume + ":/run/tessera:ro")
                    .doesNotContain("secrets-values");
            own.values().stream()
                    .filter(other -> !other.equals(volume))
                    .forEach(other ->
                            assertThat(service.get("volumes")).asString().doesNotContain(other + ":"));
        });
        Map<?, ?> secrets = (Map<?, ?>) services.get("secrets");
        assertThat(secrets.get("network_mode"))
                .as("the generator needs no network")
                .isEqualTo("none");
        for (String name : List.of("postgres")) {
            Map<?, ?> dependsOn = (Map<?, ?>) ((Map<?, ?>) services.get(name)).get("depends_on");
            assertThat(((Map<?, ?>) dependsOn.get("secrets")).get("condition"))
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void composeWhenNoEnvFileThenDevelopmentProfileAndNoProductionSecretsBakedIn() {
        Map<?, ?> gateway = (Map<?, ?>) ((Map<?, ?>) services.get("gateway")).get("environment");
        assertThat(gateway.get("SPRING_PROFILES_ACTIVE")).isEqualTo("dev");
        Map<?, ?> auth = (Map<?, ?>) ((Map<?, ?>) services.get("auth-service")).get("environment");
        assertThat(auth.get("TESSERA_ADMIN_PASSWORD"))
                .as("never a fixed admin password")
                .isIn(null, "");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... arguments) throws IOException, InterruptedException {
        // An empty env file: render what a user without a .env file gets.
        List<String> command = new java.util.ArrayList<>(List.of(
                "docker-compose",
                "--env-file",
                root.resolve("e2e-tests/src/test/resources/empty.env").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("TESSERA_") || key.endsWith("_PASSWORD"));
        builder.environment().put("COMPOSE_FILE", "docker-compose.yml");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
