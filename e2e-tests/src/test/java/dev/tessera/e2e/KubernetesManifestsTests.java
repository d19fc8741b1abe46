package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the Kustomize manifests offline ({@code kubectl kustomize}, no cluster needed) and checks
 * what running Tessera on Kubernetes depends on: probes on the management port, resource requests and
 * hardening, each service given only its own Secret (mounted as files, never in the environment),
 * autoscaling and disruption budgets, only the gateway exposed, and NetworkPolicies that let each pod be reached
 * only by the callers the system really has.
 */
class KubernetesManifestsTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final Path kubectl = Path.of("/usr/bin/kubectl");

    private static final List<String> SERVICES =
            List.of("auth-service", "forum-service", "notification-service", "gateway");

    /** The services a passport is minted for: each holds its own key, the gateway holds all of them. */
    private static final List<String> AUDIENCES = List.of("auth-service", "forum-service", "notification-service");

    private static List<Map<String, Object>> dev;

    private static List<Map<String, Object>> production;

    /** What docker/secrets/generate-secrets.sh wrote for the dev overlay: directory, then file name to content. */
    private static final Map<String, Map<String, String>> generated = new TreeMap<>();

    @BeforeAll
    static void render() throws Exception {
        // Never skipped: without the tool this check would pass unseen (.ci/run installs it).
        assertThat(Files.isExecutable(kubectl))
                .as(kubectl + " not found: install Debian's package kubectl (apt-get install kubectl)")
                .isTrue();
        // Neither overlay's secrets are committed: render a copy of k8s/ (without any local secrets) in which
        // the dev overlay's script has run the generator and production's examples stand in for its .env files.
        Path copy = Files.createTempDirectory("tessera-k8s-");
        try {
            copyTree(root.resolve("k8s"), copy.resolve("k8s"));
            copyTree(root.resolve("docker/secrets"), copy.resolve("docker/secrets"));
            // The dev overlay's database init scripts: the component in docker/postgres, compose's own files.
            copyTree(root.resolve("docker/postgres"), copy.resolve("docker/postgres"));
            Path devOverlay = copy.resolve("k8s/overlays/dev");
            run(List.of("sh", devOverlay.resolve("generate-secrets.sh").toString()));
            try (Stream<Path> files = Files.walk(devOverlay.resolve("secrets"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path relative = devOverlay.resolve("secrets").relativize(file);
                    if (relative.getNameCount() == 2 && !relative.startsWith(".values")) {
                        generated
                                .computeIfAbsent(relative.getName(0).toString(), d -> new TreeMap<>())
                                .put(relative.getFileName().toString(), Files.readString(file));
                    }
                }
            }
            dev = kustomize(devOverlay);
            Path overlay = copy.resolve("k8s/overlays/production");
            try (Stream<Path> examples = Files.list(overlay)) {
                for (Path example : examples.filter(p -> p.toString().endsWith(".env.example"))
                        .toList()) {
                    String name = example.getFileName().toString();
                    Files.copy(example, overlay.resolve(name.substring(0, name.length() - ".example".length())));
                }
            }
            production = kustomize(overlay);
        } finally {
            deleteTree(copy);
        }
    }

    @Test
    void deploymentsWhenRenderedThenEachHasProbesOnManagementPortResourcesAndHardening() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            List<Map<String, Object>> deployments = ofKind(rendered, "Deployment");
            assertThat(deployments)
                    .extracting(KubernetesManifestsTests::name)
                    .containsExactlyInAnyOrderElementsOf(SERVICES);
            for (Map<String, Object> deployment : deployments) {
                Map<String, Object> container = container(deployment);
                assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("management");
                assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("management");
                assertThat(at(container, "startupProbe", "httpGet", "port")).isEqualTo("management");
                assertThat(at(container, "resources", "requests", "cpu")).isNotNull();
                assertThat(at(container, "resources", "requests", "memory")).isNotNull();
                assertThat(at(container, "resources", "limits", "memory")).isNotNull();
                assertThat(at(container, "securityContext", "readOnlyRootFilesystem"))
                        .isEqualTo(true);
                assertThat(at(container, "securityContext", "allowPrivilegeEscalation"))
                        .isEqualTo(false);
                assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                        .isEqualTo(true);
                // Numeric, or the kubelet cannot check runAsNonRoot against the image's named user.
                assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsUser"))
                        .isInstanceOf(Integer.class)
                        .isNotEqualTo(0);
            }
        }
        Map<String, Object> notifications = ofKind(production, "Deployment").stream()
                .filter(d -> "notification-service".equals(name(d)))
                .findFirst()
                .orElseThrow();
        assertThat(((List<?>) container(notifications).get("ports"))
                        .stream()
                                .map(p -> (Object) ((Map<?, ?>) p).get("containerPort"))
                                .toList())
                .containsExactlyInAnyOrder(8083, 9083);
    }

    /**
     * Start-up (issue 18): the image's ENTRYPOINT runs the extracted jar with the CDS archive the image build made
     * (Dockerfile). A Deployment that set its own command or args, or switched class-data sharing off in
     * JAVA_TOOL_OPTIONS, would start without it.
     */
    @Test
    void deploymentsWhenRenderedThenRunTheImagesEntrypointWithItsClassDataArchive() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("-XX:ArchiveClassesAtExit=/opt/tessera/app.jsa")
                .contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/opt/tessera/app.jsa\", \"-jar\", "
                        + "\"/opt/tessera/app/app.jar\"]");
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            for (Map<String, Object> deployment : ofKind(rendered, "Deployment")) {
                Map<String, Object> container = container(deployment);
                assertThat(container.get("command"))
                        .as(name(deployment) + " command")
                        .isNull();
                assertThat(container.get("args")).as(name(deployment) + " args").isNull();
                assertThat(env(deployment).get("JAVA_TOOL_OPTIONS"))
                        .as(name(deployment) + " JAVA_TOOL_OPTIONS")
                        .isNotNull()
                        .doesNotContain("-Xshare:off")
                        .doesNotContain("SharedArchiveFile");
            }
        }
    }

    @Test
    void deploymentsWhenRenderedThenEachMountsOnlyItsOwnSecretAsConfigTree() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            Set<String> secrets = ofKind(rendered, "Secret").stream()
                    .map(KubernetesManifestsTests::name)
                    .collect(Collectors.toSet());
            Set<String> mounted = new HashSet<>();
            for (Map<String, Object> deployment : ofKind(rendered, "Deployment")) {
                String service = name(deployment);
                List<String> own = secretVolumes(deployment);
                assertThat(own).as(service).hasSize(1);
                assertThat(own.get(0))
                        .as(service)
                        .startsWith(service + "-secrets-")
                        .isIn(secrets);
                assertThat(mounted.add(own.get(0)))
                        .as("a Secret shared by two services")
                        .isTrue();
                assertThat((List<?>) container(deployment).get("volumeMounts"))
                        .as(service)
                        .anySatisfy(m -> assertThat(Map.copyOf((Map<?, ?>) m))
                                .isEqualTo(Map.of("name", "secrets", "mountPath", "/run/tessera", "readOnly", true)));
                assertThat(env(deployment))
                        .as(service)
                        .containsEntry("SPRING_CONFIG_IMPORT", "configtree:/run/tessera/");
                assertThat(container(deployment)).as(service).doesNotContainKey("envFrom");
                for (Object item : (List<?>) container(deployment).get("env")) {
                    assertThat(at((Map<?, ?>) item, "valueFrom", "secretKeyRef"))
                            .as("secrets are files, not environment variables: " + service)
                            .isNull();
                }
            }
        }
    }

    @Test
    void secretsWhenGeneratedThenEachHoldsExactlyItsServicesPropertiesAndNoOtherServicesPassportKey() {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (Map<String, Object> secret : ofKind(dev, "Secret")) {
            secrets.put(unhashed(name(secret)), decoded(secret));
        }
        assertThat(secrets)
                .containsOnlyKeys(
                        "auth-service-secrets",
                        "forum-service-secrets",
                        "notification-service-secrets",
                        "gateway-secrets",
                        "postgres-secrets");
        // Exactly what the generator wrote for each, key for key (a property it adds is not silently dropped).
        for (String directory : generated.keySet()) {
            assertThat(secrets.get(directory + "-secrets")).as(directory).isEqualTo(generated.get(directory));
        }
        assertThat(generated)
                .containsOnlyKeys("auth-service", "forum-service", "notification-service", "gateway", "postgres");
        Map<String, String> gateway = secrets.get("gateway-secrets");
        assertThat(gateway.keySet())
                .containsExactlyInAnyOrderElementsOf(AUDIENCES.stream()
                        .map(a -> "tessera.gateway.passport.keys." + a)
                        .toList());
        Set<String> keys = new HashSet<>(gateway.values());
        assertThat(keys).as("one key per audience, never shared").hasSize(AUDIENCES.size());
        for (String audience : AUDIENCES) {
            String key = gateway.get("tessera.gateway.passport.keys." + audience);
            assertThat(key).isNotBlank();
            assertThat(secrets.get(audience + "-secrets")).containsEntry("tessera.passport.secrets", key);
            for (Map.Entry<String, Map<String, String>> secret : secrets.entrySet()) {
                if (!Set.of(audience + "-secrets", "gateway-secrets").contains(secret.getKey())) {
                    assertThat(secret.getValue().values())
                            .as(audience + "'s passport key in " + secret.getKey())
                            .noneSatisfy(value -> assertThat(value).contains(key));
                }
            }
        }
        // auth-service checks forum-service's machine client by the secret's hash, never holds the secret.
        String clientSecret = secrets.get("forum-service-secrets").get("tessera.forum.notifications.client-secret");
        assertThat(clientSecret).isNotBlank();
        secrets.forEach((name, data) -> {
            if (!name.equals("forum-service-secrets")) {
                assertThat(data.values()).as(name).doesNotContain(clientSecret);
            }
        });
        // Each database password in exactly its service's Secret and PostgreSQL's.
        Map<String, String> postgres = secrets.get("postgres-secrets");
        assertThat(secrets.get("auth-service-secrets"))
                .containsEntry("spring.datasource.password", postgres.get("auth-db-password"));
        assertThat(secrets.get("forum-service-secrets"))
                .containsEntry("spring.datasource.password", postgres.get("forum-db-password"));
        assertThat(secrets.get("notification-service-secrets"))
                .containsEntry("spring.r2dbc.password", postgres.get("notify-db-password"));
        assertThat(secrets.get("gateway-secrets").values()).doesNotContainAnyElementsOf(postgres.values());
        for (Map<String, String> data : secrets.values()) {
            assertThat(data.keySet()).allMatch(key -> key.matches("[-._a-zA-Z0-9]+"), "valid Secret keys");
        }
    }

    @Test
    void productionExamplesWhenRenderedThenListEachServicesPropertiesWithoutValues() {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (Map<String, Object> secret : ofKind(production, "Secret")) {
            secrets.put(unhashed(name(secret)), decoded(secret));
        }
        assertThat(secrets)
                .containsOnlyKeys(
                        "auth-service-secrets",
                        "forum-service-secrets",
                        "notification-service-secrets",
                        "gateway-secrets");
        for (String service : SERVICES) {
            Map<String, String> example = secrets.get(service + "-secrets");
            // What the generator gives a service is what its example asks for (auth-service: plus the admin's).
            Set<String> expected = new HashSet<>(generated.get(service).keySet());
            if (service.equals("auth-service")) {
                expected.add("tessera.auth.admin.password");
            }
            assertThat(example.keySet()).as(service).containsExactlyInAnyOrderElementsOf(expected);
            example.forEach((property, value) -> {
                if (!property.endsWith(".audiences") && !property.endsWith(".scopes")) {
                    assertThat(value).as(service + " example: " + property).isEmpty();
                }
            });
        }
    }

    @Test
    void environmentWhenRenderedThenHoldsNoSecretValue() {
        Set<String> values = generated.values().stream()
                .flatMap(files -> files.values().stream())
                .filter(value -> value.length() >= 32)
                .collect(Collectors.toSet());
        assertThat(values).hasSizeGreaterThan(8);
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            List<Map<String, Object>> workloads = new ArrayList<>(ofKind(rendered, "Deployment"));
            workloads.addAll(ofKind(rendered, "StatefulSet"));
            for (Map<String, Object> workload : workloads) {
                env(workload).forEach((variable, value) -> {
                    if (variable.matches(".*(PASSWORD|SECRET|KEY).*") && !variable.endsWith("_FILE")) {
                        assertThat(value).as(variable + " in " + name(workload)).isNull();
                    }
                    if (value != null) {
                        assertThat(values)
                                .as(variable + " in " + name(workload))
                                .noneMatch(value::contains);
                    }
                });
            }
            for (Map<String, Object> configMap : ofKind(rendered, "ConfigMap")) {
                for (Object value : ((Map<?, ?>) configMap.get("data")).values()) {
                    assertThat(values).as(name(configMap)).noneMatch(((String) value)::contains);
                }
            }
        }
    }

    @Test
    void devOverlayWhenReadThenCommitsNoSecretValue() throws IOException {
        Map<?, ?> kustomization =
                new Yaml().load(Files.readString(root.resolve("k8s/overlays/dev/kustomization.yaml")));
        List<?> generators = (List<?>) kustomization.get("secretGenerator");
        assertThat(generators).hasSize(5);
        for (Object item : generators) {
            Map<?, ?> generator = (Map<?, ?>) item;
            assertThat(generator.keySet().stream().map(String::valueOf).toList())
                    .as(String.valueOf(generator.get("name")))
                    .containsOnly("name", "files");
            for (Object file : (List<?>) generator.get("files")) {
                assertThat((String) file).matches("[-._a-zA-Z0-9]+=secrets/[-a-z]+/[-._a-zA-Z0-9]+");
            }
        }
        assertThat(Files.readAllLines(root.resolve(".gitignore"))).contains("k8s/overlays/dev/secrets/");
    }

    @Test
    void scalingWhenRenderedThenStatelessServicesAutoscaleAndEveryServiceHasDisruptionBudget() {
        assertThat(ofKind(production, "HorizontalPodAutoscaler"))
                .extracting(m -> at(m, "spec", "scaleTargetRef", "name"))
                .containsExactlyInAnyOrder("gateway", "forum-service", "notification-service");
        assertThat(ofKind(production, "PodDisruptionBudget"))
                .extracting(KubernetesManifestsTests::name)
                .containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void servicesWhenRenderedThenOnlyGatewayIsExposedAndNoManagementPortIsServed() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            List<Map<String, Object>> services = ofKind(rendered, "Service");
            assertThat(services)
                    .filteredOn(s -> at(s, "spec", "type") != null && !"ClusterIP".equals(at(s, "spec", "type")))
                    .extracting(KubernetesManifestsTests::name)
                    .containsExactly("gateway-public");
            assertThat(services)
                    .filteredOn(s -> "notification-service".equals(name(s)))
                    .singleElement()
                    .satisfies(s -> assertThat(((List<?>) at(s, "spec", "ports"))
                                    .stream()
                                            .map(p -> (Object) ((Map<?, ?>) p).get("port"))
                                            .toList())
                            .containsExactly(8083));
            for (Map<String, Object> service : services) {
                for (Object port : (List<?>) at(service, "spec", "ports")) {
                    assertThat(((Map<?, ?>) port).get("port")).as(name(service)).isNotIn(9080, 9081, 9082, 9083);
                }
            }
            assertThat(ofKind(rendered, "Ingress")).isEmpty();
        }
    }

    /**
     * Every connection NetworkPolicies allow, as {@code caller -> pod:port}: the edges the system really uses
     * (docs/scaling.md, k8s/base/network-policies.yaml) and nothing more. {@code anywhere} is any address,
     * inside or outside the namespace.
     */
    private static final Set<String> EDGES = Set.of(
            "anywhere -> gateway:http",
            "gateway -> auth-service:http",
            "gateway -> forum-service:http",
            "gateway -> notification-service:http",
            // client credentials: forum-service's machine token for notification-service
            "forum-service -> auth-service:http",
            // a reply's notification, with that machine token
            "forum-service -> notification-service:http",
            // auth-service's public keys, to check forum-service's machine tokens
            "notification-service -> auth-service:http");

    /** The dev overlay's PostgreSQL, reached by the three services that own a database on it. */
    private static final Set<String> DEV_EDGES = Set.of(
            "auth-service -> postgres:postgres",
            "forum-service -> postgres:postgres",
            "notification-service -> postgres:postgres");

    @Test
    void networkPoliciesWhenRenderedThenEveryPodIsSelectedByADefaultDenyIngress() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            List<Map<String, Object>> denials = ofKind(rendered, "NetworkPolicy").stream()
                    .filter(p -> ((List<?>) at(p, "spec", "policyTypes")).contains("Ingress"))
                    .filter(p -> at(p, "spec", "ingress") == null || ((List<?>) at(p, "spec", "ingress")).isEmpty())
                    .toList();
            assertThat(denials).isNotEmpty();
            for (Map<String, Object> workload : workloads(rendered)) {
                assertThat(denials)
                        .as(name(workload) + "'s pods are selected by a policy that admits nothing")
                        .anySatisfy(p -> assertThat(selects(selector(p, "spec", "podSelector"), podLabels(workload)))
                                .isTrue());
            }
        }
    }

    @Test
    void networkPoliciesWhenRenderedThenOnlyTheGatewayAdmitsTrafficFromOutsideTheNamespace() {
        for (List<Map<String, Object>> rendered : List.of(dev, production)) {
            for (Map<String, Object> policy : ofKind(rendered, "NetworkPolicy")) {
                for (Object item : rules(policy)) {
                    Map<?, ?> rule = (Map<?, ?>) item;
                    List<?> from = (List<?>) rule.get("from");
                    boolean outside = from == null
                            || from.isEmpty()
                            || from.stream()
                                    .map(peer -> (Map<?, ?>) peer)
                                    .anyMatch(peer -> peer.containsKey("namespaceSelector")
                                            || peer.containsKey("ipBlock")
                                            || !peer.containsKey("podSelector"));
                    if (outside) {
                        assertThat(workloads(rendered))
                                .filteredOn(w -> selects(selector(policy, "spec", "podSelector"), podLabels(w)))
                                .as(name(policy) + " admits callers from outside the namespace")
                                .extracting(KubernetesManifestsTests::name)
                                .containsExactly("gateway");
                        assertThat(ports(rule)).as(name(policy)).containsExactly("http");
                    }
                }
            }
        }
    }

    @Test
    void networkPoliciesWhenRenderedThenEveryAllowedEdgeIsOneTheSystemUses() {
        assertThat(edges(production)).containsExactlyInAnyOrderElementsOf(EDGES);
        Set<String> development = new HashSet<>(EDGES);
        development.addAll(DEV_EDGES);
        assertThat(edges(dev)).containsExactlyInAnyOrderElementsOf(development);
    }

    /** Every connection the rendered policies allow, caller to pod and port (by the port's name). */
    private static Set<String> edges(List<Map<String, Object>> rendered) {
        Set<String> edges = new HashSet<>();
        List<Map<String, Object>> workloads = workloads(rendered);
        for (Map<String, Object> policy : ofKind(rendered, "NetworkPolicy")) {
            List<Map<String, Object>> targets = workloads.stream()
                    .filter(w -> selects(selector(policy, "spec", "podSelector"), podLabels(w)))
                    .toList();
            for (Object item : rules(policy)) {
                Map<?, ?> rule = (Map<?, ?>) item;
                List<String> callers = new ArrayList<>();
                List<?> from = (List<?>) rule.get("from");
                if (from == null || from.isEmpty()) {
                    callers.add("anywhere");
                } else {
                    for (Object entry : from) {
                        Map<?, ?> peer = (Map<?, ?>) entry;
                        if (peer.containsKey("namespaceSelector") || !peer.containsKey("podSelector")) {
                            callers.add("outside the namespace: " + peer);
                            continue;
                        }
                        List<String> matched = workloads.stream()
                                .filter(w -> selects((Map<?, ?>) peer.get("podSelector"), podLabels(w)))
                                .map(KubernetesManifestsTests::name)
                                .toList();
                        callers.addAll(matched.isEmpty() ? List.of("no pod: " + peer) : matched);
                    }
                }
                for (Map<String, Object> target : targets) {
                    for (String port : ports(rule)) {
                        assertThat(containerPortNames(target))
                                .as(name(policy) + ": port " + port + " of " + name(target))
                                .contains(port);
                        callers.forEach(caller -> edges.add(caller + " -> " + name(target) + ":" + port));
                    }
                }
            }
        }
        return edges;
    }

    private static List<Map<String, Object>> workloads(List<Map<String, Object>> rendered) {
        List<Map<String, Object>> workloads = new ArrayList<>(ofKind(rendered, "Deployment"));
        workloads.addAll(ofKind(rendered, "StatefulSet"));
        return workloads;
    }

    private static List<?> rules(Map<String, Object> policy) {
        Object ingress = at(policy, "spec", "ingress");
        return ingress == null ? List.of() : (List<?>) ingress;
    }

    /** A rule's ports as written ({@code *} for a rule without ports: every port). */
    private static List<String> ports(Map<?, ?> rule) {
        List<?> ports = (List<?>) rule.get("ports");
        if (ports == null || ports.isEmpty()) {
            return List.of("*");
        }
        return ports.stream()
                .map(p -> String.valueOf(((Map<?, ?>) p).get("port")))
                .toList();
    }

    private static List<String> containerPortNames(Map<String, Object> workload) {
        return ((List<?>) container(workload).get("ports"))
                .stream().map(p -> String.valueOf(((Map<?, ?>) p).get("name"))).toList();
    }

    private static Map<?, ?> podLabels(Map<String, Object> workload) {
        return (Map<?, ?>) at(workload, "spec", "template", "metadata", "labels");
    }

    private static Map<?, ?> selector(Map<?, ?> object, String... path) {
        return (Map<?, ?>) at(object, path);
    }

    /** A Kubernetes label selector: an empty one selects every pod. */
    private static boolean selects(Map<?, ?> selector, Map<?, ?> labels) {
        if (selector == null) {
            return false;
        }
        Map<?, ?> matchLabels = (Map<?, ?>) selector.get("matchLabels");
        if (matchLabels != null
                && !matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        List<?> expressions = (List<?>) selector.get("matchExpressions");
        for (Object item : expressions == null ? List.of() : expressions) {
            Map<?, ?> expression = (Map<?, ?>) item;
            Object value = labels.get(expression.get("key"));
            List<?> values = (List<?>) expression.get("values");
            boolean matches = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("selector operator: " + expression);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    @Test
    void developmentOverlayWhenRenderedThenRunsPostgresWithItsOwnSecretAndTheDevProfile() {
        assertThat(ofKind(dev, "StatefulSet"))
                .extracting(KubernetesManifestsTests::name)
                .containsExactly("postgres");
        Map<String, Object> postgres = ofKind(dev, "StatefulSet").get(0);
        assertThat(secretVolumes(postgres))
                .singleElement()
                .satisfies(s -> assertThat(s).startsWith("postgres-secrets-"));
        assertThat(env(postgres)).containsEntry("POSTGRES_PASSWORD_FILE", "/run/tessera/superuser-password");
        for (Map<String, Object> deployment : ofKind(dev, "Deployment")) {
            assertThat(env(deployment)).containsEntry("SPRING_PROFILES_ACTIVE", "dev");
        }
        assertThat(ofKind(production, "StatefulSet"))
                .as("production uses an external PostgreSQL")
                .isEmpty();
    }

    /**
     * k8s/components/tessera-service adds what the four Deployments share, and what it sets wins over a service's
     * own file: a service's file that set one of those fields would be silently overridden.
     */
    @Test
    @SuppressWarnings("unchecked")
    void serviceDeploymentsWhenReadThenLeaveToTheSharedComponentWhatItSets() throws IOException {
        Map<?, ?> base = new Yaml().load(Files.readString(root.resolve("k8s/base/kustomization.yaml")));
        assertThat(List.<Object>copyOf((List<?>) base.get("components"))).contains("../components/tessera-service");
        List<?> operations =
                new Yaml().load(Files.readString(root.resolve("k8s/components/tessera-service/deployment.yaml")));
        assertThat(operations).isNotEmpty();
        for (String service : SERVICES) {
            Map<String, Object> deployment = null;
            for (Object document :
                    new Yaml().loadAll(Files.readString(root.resolve("k8s/base/" + service + ".yaml")))) {
                if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))) {
                    deployment = (Map<String, Object>) map;
                }
            }
            assertThat(deployment).as(service + "'s Deployment in k8s/base").isNotNull();
            for (Object item : operations) {
                String path = (String) ((Map<?, ?>) item).get("path");
                if (path.matches(".*/[0-9]+")) {
                    // An insertion into a list the service's file has (its environment, its volumes).
                    assertThat(atPointer(deployment, path.substring(0, path.lastIndexOf('/'))))
                            .as(service + ": " + path)
                            .isInstanceOf(List.class);
                } else {
                    assertThat(atPointer(deployment, path))
                            .as(service + " sets " + path + ", which k8s/components/tessera-service overrides")
                            .isNull();
                }
            }
        }
    }

    /** A JSON pointer's value in a parsed document, or null when it is not there. */
    private static Object atPointer(Object document, String pointer) {
        Object current = document;
        for (String key : pointer.substring(1).split("/")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (current instanceof List<?> list
                    && key.matches("[0-9]+")
                    && Integer.parseInt(key) < list.size()) {
                current = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return current;
    }

    @Test
    void devOverlayWhenRenderedThenItsDatabaseScriptsAreDockersFilesByteForByte() throws IOException {
        Map<String, String> scripts = Map.of(
                "postgres-init", "init-databases.sh",
                "postgres-service-database", "service-database.sql");
        Map<String, Object> configMaps = new HashMap<>();
        for (Map<String, Object> configMap : ofKind(dev, "ConfigMap")) {
            configMaps.put(unhashed(name(configMap)), configMap.get("data"));
        }
        scripts.forEach((configMap, script) -> assertThat(configMaps.get(configMap))
                .as(configMap + " in the dev overlay")
                .isEqualTo(Map.of(script, read(root.resolve("docker/postgres").resolve(script)))));
    }

    /**
     * One copy of the database init scripts, in docker/postgres: compose mounts it, the launcher runs it and the
     * Kubernetes dev overlay takes it as a component. A second copy anywhere (by name or by content) would drift.
     */
    @Test
    void databaseScriptsWhenSearchedThenOneCopyThatComposeTheLauncherAndKubernetesAllUse() throws IOException {
        Path scripts = root.resolve("docker/postgres");
        Set<String> contents = Set.of(
                read(scripts.resolve("init-databases.sh")).strip(),
                read(scripts.resolve("service-database.sql")).strip());
        List<String> copies = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return !dir.equals(root)
                                && Set.of(".git", "target", "node_modules", ".tessera-local")
                                        .contains(name)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = file.getFileName().toString();
                boolean named = name.equals("init-databases.sh") || name.equals("service-database.sql");
                if (named
                        || attributes.size() < 16_384
                                && contents.contains(read(file).strip())) {
                    copies.add(root.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertThat(copies)
                .as("the database init scripts live in docker/postgres only")
                .containsExactlyInAnyOrder("docker/postgres/init-databases.sh", "docker/postgres/service-database.sql");
        Map<?, ?> kustomization =
                new Yaml().load(Files.readString(root.resolve("k8s/overlays/dev/kustomization.yaml")));
        assertThat(List.<Object>copyOf((List<?>) kustomization.get("components")))
                .contains("../../../docker/postgres");
        assertThat(Files.readString(root.resolve("tessera-local")))
                .contains("-f \"$ROOT/docker/postgres/service-database.sql\"");
        // compose: ComposeFileTests checks the postgres service mounts these same files.
    }

    /** A text file's content; a file that is not UTF-8 text reads as empty (never a copy of a script). */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> rendered, String kind) {
        return rendered.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    private static String name(Map<?, ?> object) {
        return (String) at(object, "metadata", "name");
    }

    /** A generated object's name without kustomize's content hash. */
    private static String unhashed(String name) {
        return name.substring(0, name.lastIndexOf('-'));
    }

    private static Map<String, String> decoded(Map<String, Object> secret) {
        Map<String, String> data = new TreeMap<>();
        Map<?, ?> encoded = (Map<?, ?>) secret.getOrDefault("data", Map.of());
        encoded.forEach((key, value) -> data.put(
                (String) key, new String(Base64.getMimeDecoder().decode((String) value), StandardCharsets.UTF_8)));
        return data;
    }

    /** The Secrets a workload's pods mount, whether as volumes or projected. */
    private static List<String> secretVolumes(Map<String, Object> workload) {
        List<String> secrets = new ArrayList<>();
        for (Object item : (List<?>) at(workload, "spec", "template", "spec", "volumes")) {
            Map<?, ?> volume = (Map<?, ?>) item;
            if (at(volume, "secret", "secretName") instanceof String secret) {
                secrets.add(secret);
            }
            if (at(volume, "projected", "sources") instanceof List<?> sources) {
                for (Object source : sources) {
                    if (at((Map<?, ?>) source, "secret", "name") instanceof String secret) {
                        secrets.add(secret);
                    }
                }
            }
        }
        return secrets;
    }

    /** The first container's environment: name to literal value (null when it comes from elsewhere). */
    private static Map<String, String> env(Map<String, Object> workload) {
        Map<String, String> env = new HashMap<>();
        List<?> items = (List<?>) container(workload).get("env");
        for (Object item : items == null ? List.of() : items) {
            Map<?, ?> variable = (Map<?, ?>) item;
            env.put(
                    (String) variable.get("name"),
                    variable.get("value") == null ? null : String.valueOf(variable.get("value")));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> workload) {
        return (Map<String, Object>) ((List<?>) at(workload, "spec", "template", "spec", "containers")).get(0);
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

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
        return output;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kustomize(Path overlay) throws IOException, InterruptedException {
        String output = run(List.of(kubectl.toString(), "kustomize", overlay.toString()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** Copies a tree, leaving out what .gitignore keeps out of the repository (secrets generated or filled in). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                if (relative.toString().replace('\\', '/').startsWith("overlays/dev/secrets")
                        || path.getFileName().toString().endsWith(".env")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
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
