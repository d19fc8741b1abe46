package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the Kustomize manifests offline ({@code kubectl kustomize}, no cluster needed) and checks
 * what running Tessera on Kubernetes depends on: probes on the management port, resource requests,
 * secrets from Secrets, autoscaling and disruption budgets, and only the gateway exposed.
 */
class KubernetesManifestsTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final Path kubectl = Path.of("/usr/bin/kubectl");

    private static List<Map<String, Object>> dev;

    private static List<Map<String, Object>> production;

    @BeforeAll
    static void render() throws Exception {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");
        }
        dev = kustomize(root.resolve("k8s/overlays/dev"));
        // Production reads secrets.env and database.env, which are never committed: render a copy
        // with the shipped examples in their place.
        Path copy = Files.createTempDirectory("tessera-k8s-");
        try {
            copyTree(root.resolve("k8s"), copy.resolve("k8s"));
            Path overlay = copy.resolve("k8s/overlays/production");
            Files.copy(overlay.resolve("secrets.env.example"), overlay.resolve("secrets.env"));
            Files.copy(overlay.resolve("database.env.example"), overlay.resolve("database.env"));
            production = kustomize(overlay);
        } finally {
            deleteTree(copy);
        }
    }

    @Test
    void deploymentsWhenRenderedThenEachHasProbesOnManagementPortAndResourceRequests() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            List<Map<String, Object>> deployments = ofKind(rendered, "Deployment");
            assertThat(deployments)
                    .extracting(KubernetesManifestsTests::name)
                    .containsExactlyInAnyOrder("auth-service", "forum-service", "gateway");
            for (Map<String, Object> deployment : deployments) {
                Map<String, Object> container = container(deployment);
                assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("management");
                assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat(at(container, "resources", "requests", "cpu")).isNotNull();
                assertThat(at(container, "resources", "requests", "memory")).isNotNull();
                assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                        .isEqualTo(true);
            }
        }
    }

    @Test
    void secretsWhenRenderedThenComeFromSecretObjectsNeverInlineValues() {
        for (Map<String, Object> deployment : ofKind(production, "Deployment")) {
            for (Object item : (List<?>) container(deployment).get("env")) {
                Map<?, ?> env = (Map<?, ?>) item;
                String variable = (String) env.get("name");
                if (variable.contains("PASSWORD") || variable.contains("SECRET") || variable.contains("KEY")) {
                    assertThat(env.get("value"))
                            .as(variable + " in " + name(deployment))
                            .isNull();
                    assertThat(at(env, "valueFrom", "secretKeyRef", "name")).isNotNull();
                }
            }
        }
        assertThat(ofKind(production, "Secret"))
                .extracting(KubernetesManifestsTests::name)
                .anyMatch(name -> name.startsWith("tessera-secrets"));
    }

    @Test
    void scalingWhenRenderedThenGatewayAndForumAutoscaleAndEveryServiceHasDisruptionBudget() {
        assertThat(ofKind(production, "HorizontalPodAutoscaler"))
                .extracting(m -> at(m, "spec", "scaleTargetRef", "name"))
                .containsExactlyInAnyOrder("gateway", "forum-service");
        assertThat(ofKind(production, "PodDisruptionBudget"))
                .extracting(KubernetesManifestsTests::name)
                .containsExactlyInAnyOrder("auth-service", "forum-service", "gateway");
    }

    @Test
    void servicesWhenRenderedThenOnlyGatewayIsExposedAndNoManagementPortIsServed() {
        List<Map<String, Object>> services = ofKind(production, "Service");
        assertThat(services)
                .filteredOn(s -> "LoadBalancer".equals(at(s, "spec", "type")))
                .extracting(KubernetesManifestsTests::name)
                .containsExactly("gateway-public");
        for (Map<String, Object> service : services) {
            for (Object port : (List<?>) at(service, "spec", "ports")) {
                assertThat(((Map<?, ?>) port).get("port")).as(name(service)).isNotIn(9080, 9081, 9082);
            }
        }
    }

    @Test
    void developmentOverlayWhenRenderedThenRunsPostgresAndTheDevProfile() {
        assertThat(ofKind(dev, "StatefulSet"))
                .extracting(KubernetesManifestsTests::name)
                .containsExactly("postgres");
        for (Map<String, Object> deployment : ofKind(dev, "Deployment")) {
            assertThat((List<?>) container(deployment).get("env"))
                    .anySatisfy(env -> assertThat(Map.copyOf((Map<?, ?>) env))
                            .isEqualTo(Map.of("name", "SPRING_PROFILES_ACTIVE", "value", "dev")));
        }
        assertThat(ofKind(production, "StatefulSet"))
                .as("production uses an external PostgreSQL")
                .isEmpty();
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> rendered, String kind) {
        return rendered.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    private static String name(Map<?, ?> object) {
        return (String) at(object, "metadata", "name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return (Map<String, Object>) ((List<?>) at(deployment, "spec", "template", "spec", "containers")).get(0);
    }

    private static Object at(Map<?, ?> object, String... path) {
        Object current = object;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kustomize(Path overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
