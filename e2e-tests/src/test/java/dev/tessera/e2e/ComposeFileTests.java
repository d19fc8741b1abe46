package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        // Never skipped: without the tool this check would pass unseen (.ci/run installs it).
        assertThat(Files.isExecutable(Path.of("/usr/bin/docker-compose")))
                .as("/usr/bin/docker-compose not found: install Debian's package docker-compose"
                        + " (apt-get install docker-compose)")
                .isTrue();
        Result quiet = run("config", "-q");
        assertThat(quiet.exitCode()).as(quiet.output()).isZero();
        Result rendered = run("config");
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        Map<String, Object> model = new Yaml().load(rendered.output());
        services = (Map<String, Object>) model.get("services");
    }

    @Test
    void composeWhenRenderedThenHasPostgresTheSecretsStepTheMailCatcherRedisAndTheFourServices() {
        assertThat(services)
                .containsOnlyKeys(
                        "secrets",
                        "postgres",
                        "mail",
                        "redis",
                        "auth-service",
                        "forum-service",
                        "notification-service",
                        "gateway");
    }

    @Test
    void composeWhenRenderedThenOnlyTheGatewayAndTheMailCatchersPagePublishAPortOnLoopback() {
        assertThat(services).allSatisfy((name, service) -> {
            Object ports = ((Map<?, ?>) service).get("ports");
            if (name.equals("gateway")) {
                assertThat(ports).asString().contains("8080").contains("127.0.0.1");
            } else if (name.equals("mail")) {
                assertThat(ports)
                        .asString()
                        .contains("1080")
                        .contains("127.0.0.1")
                        .doesNotContain("1025");
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
                "postgres", "secrets-postgres",
                "redis", "secrets-redis");
        own.forEach((name, volume) -> {
            Map<?, ?> service = (Map<?, ?>) services.get(name);
            Object declared = service.get("environment");
            Map<?, ?> environment = declared == null ? Map.of() : (Map<?, ?>) declared;
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
        for (String name : List.of("postgres", "redis")) {
            Map<?, ?> dependsOn = (Map<?, ?>) ((Map<?, ?>) services.get(name)).get("depends_on");
            assertThat(((Map<?, ?>) dependsOn.get("secrets")).get("condition"))
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void composeWhenRenderedThenPostgresMountsTheOneCopyOfTheDatabaseScripts() {
        // docker/postgres holds the only copy: the launcher and the Kubernetes dev overlay use it too
        // (KubernetesManifestsTests checks there is no other).
        Path scripts = root.normalize().resolve("docker/postgres");
        assertThat((List<?>) ((Map<?, ?>) services.get("postgres")).get("volumes"))
                .map(String::valueOf)
                .contains(
                        scripts.resolve("init-databases.sh") + ":/docker-entrypoint-initdb.d/init-databases.sh:ro",
                        scripts.resolve("service-database.sql") + ":/tessera/service-database.sql:ro");
    }

    @Test
    void composeWhenNoEnvFileThenDevelopmentProfileAndNoProductionSecretsBakedIn() {
        Map<?, ?> gateway = (Map<?, ?>) ((Map<?, ?>) services.get("gateway")).get("environment");
        assertThat(gateway.get("SPRING_PROFILES_ACTIVE")).isEqualTo("dev");
        Map<?, ?> auth = (Map<?, ?>) ((Map<?, ?>) services.get("auth-service")).get("environment");
        assertThat(auth.get("TESSERA_ADMIN_PASSWORD"))
                .as("never a fixed admin password")
                .isIn(null, "");
        assertThat(auth.get("SPRING_MAIL_HOST"))
                .as("auth-service mails through the development mail catcher")
                .isEqualTo("mail");
    }

    @Test
    void composeWhenNoVariablesThenOfficialBaseImagesAndEveryBuildTakesThemAsArguments() {
        assertThat(services.get("postgres"))
                .extracting(service -> ((Map<?, ?>) service).get("image"))
                .isEqualTo("postgres:17-alpine");
        assertThat(services.get("mail"))
                .extracting(service -> ((Map<?, ?>) service).get("image"))
                .isEqualTo("maildev/maildev:2.2.1");
        assertThat(services.get("secrets"))
                .extracting(service -> ((Map<?, ?>) service).get("image"))
                .as("the secrets step runs in the PostgreSQL image (its files go to the postgres user, uid 70)")
                .isEqualTo("postgres:17-alpine");
        for (String name : List.of("auth-service", "forum-service", "notification-service", "gateway")) {
            Map<?, ?> build = (Map<?, ?>) ((Map<?, ?>) services.get(name)).get("build");
            assertThat(stringMap(build.get("args")))
                    .as(name)
                    .containsEntry("MODULE", name)
                    .containsEntry("BUILD_IMAGE", "maven:3.9-eclipse-temurin-17")
                    .containsEntry("RUNTIME_IMAGE", "eclipse-temurin:17-jre")
                    .containsEntry("JAR_SOURCE", "build");
        }
    }

    @Test
    void composeWhenBaseImageVariablesSetThenEveryImageAndBuildUsesThem() throws Exception {
        Result rendered = run(
                Map.of(
                        "TESSERA_BUILD_IMAGE", "local/maven:17",
                        "TESSERA_RUNTIME_IMAGE", "local/jre:17",
                        "TESSERA_POSTGRES_IMAGE", "local/postgres:15",
                        "TESSERA_MAIL_IMAGE", "local/maildev:2",
                        "TESSERA_REDIS_IMAGE", "local/redis:7",
                        "TESSERA_JAR_SOURCE", "prebuilt"),
                "config");
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> overridden =
                (Map<String, Object>) ((Map<String, Object>) new Yaml().load(rendered.output())).get("services");
        assertThat(overridden).allSatisfy((name, service) -> {
            Map<?, ?> definition = (Map<?, ?>) service;
            if (name.equals("mail")) {
                assertThat(definition.get("image")).as(name).isEqualTo("local/maildev:2");
            } else if (name.equals("redis")) {
                assertThat(definition.get("image")).as(name).isEqualTo("local/redis:7");
            } else if (definition.get("build") == null) {
                assertThat(definition.get("image")).as(name).isEqualTo("local/postgres:15");
            } else {
                assertThat(stringMap(((Map<?, ?>) definition.get("build")).get("args")))
                        .as(name)
                        .containsEntry("BUILD_IMAGE", "local/maven:17")
                        .containsEntry("RUNTIME_IMAGE", "local/jre:17")
                        .containsEntry("JAR_SOURCE", "prebuilt");
            }
        });
    }

    @Test
    void dockerfileWhenReadThenNoSyntaxLineAndTheBaseImagesAreArguments() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        // `# syntax=` makes BuildKit fetch its frontend from a registry, which a machine without one cannot.
        assertThat(dockerfile).doesNotContainPattern("(?m)^#\\s*syntax=");
        assertThat(dockerfile)
                .contains("ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17")
                .contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre")
                .contains("ARG JAR_SOURCE=build")
                .contains("FROM jar-${JAR_SOURCE} AS jar");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringMap(Object map) {
        return (Map<String, Object>) map;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), arguments);
    }

    private static Result run(Map<String, String> variables, String... arguments)
            throws IOException, InterruptedException {
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
        builder.environment().putAll(variables);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
