package dev.tessera.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * A class-data archive per service for the JVMs an end-to-end run starts (the shared system, the
 * replicated and the Redis systems, every restart), made once per run with the recipe the Dockerfile and
 * {@code tessera-local} use (Spring Boot reference, "Class Data Sharing"): the jar extracted, then a training run that
 * stops once the context is refreshed ({@code -Dspring.context.exit=onRefresh}) and writes a dynamic archive
 * ({@code -XX:ArchiveClassesAtExit}) of the classes it loaded. A start then maps those classes instead of reading and
 * verifying them from the jar: on the CI's 2 cores the shared system's four services were ready after 25 s of CPU
 * instead of 49, an auth-service restart after 9.5 instead of 21.5 (2026-12-08), CPU the other lane gets back.
 *
 * <p>The training reaches no database (the Dockerfile's arguments: no Flyway, no schema check, a datasource nobody
 * listens on) and holds throwaway keys of its own; the archive holds classes, never state. The four trainings run at
 * once, at the first start of the run. Whatever goes wrong (the extraction, a training that writes nothing, an
 * archive this JVM cannot map, checked with {@code -Xshare:on}) leaves that service on its plain jar, with one line
 * saying why: a slower start, never a different one. {@code -Dtessera.e2e.cds=false} turns it off.
 */
final class ClassDataArchives {

    /** The same heap and JIT settings as every start (TesseraSystem): an archive is made for the flags it runs with. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(5);

    /** The Dockerfile's training arguments: every bean is created, no database is reached. */
    private static final List<String> TRAINING_ARGUMENTS = List.of(
            "--server.port=0",
            "--management.server.port=0",
            "--spring.flyway.enabled=false",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
            "--spring.datasource.hikari.connection-timeout=250",
            "--spring.jpa.hibernate.ddl-auto=none",
            "--spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false",
            "--spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect",
            "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/none");

    private static Map<TesseraSystem.Service, List<String>> launch;

    private ClassDataArchives() {}

    /**
     * What follows the JVM options in a start of {@code service}: its archive and extracted jar, or {@code -jar} and
     * {@code jar}. The first call of a run makes the four archives.
     *
     * @param root the repository, whose modules' {@code target/} hold the jars
     * @param version the jars' version
     * @param service the service to start
     * @param jar its executable jar
     */
    static synchronized List<String> jarArguments(Path root, String version, TesseraSystem.Service service, Path jar) {
        if (launch == null) {
            launch = prepare(root, version);
        }
        return launch.getOrDefault(service, List.of("-jar", jar.toString()));
    }

    private static Map<TesseraSystem.Service, List<String>> prepare(Path root, String version) {
        Map<TesseraSystem.Service, List<String>> result = new EnumMap<>(TesseraSystem.Service.class);
        if (!Boolean.parseBoolean(System.getProperty("tessera.e2e.cds", "true"))) {
            return result;
        }
        Path base = root.resolve("e2e-tests/target/cds");
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        long started = System.nanoTime();
        List<Training> trainings = new ArrayList<>();
        for (TesseraSystem.Service service : TesseraSystem.Service.values()) {
            Path jar = root.resolve(service.module + "/target/" + service.module + "-" + version + ".jar");
            Path dir = base.resolve(service.module);
            try {
                FileSystemUtils.deleteRecursively(dir);
                Files.createDirectories(dir);
                Path extracted = dir.resolve("extracted");
                int extract = run(
                        List.of(
                                java(),
                                "-Djarmode=tools",
                                "-jar",
                                jar.toString(),
                                "extract",
                                "--destination",
                                extracted.toString()),
                        dir.resolve("extract.log"));
                Path app = extracted.resolve(jar.getFileName());
                if (extract != 0 || !Files.isRegularFile(app)) {
                    skip(service, "extracting " + jar.getFileName() + " failed", dir.resolve("extract.log"));
                    continue;
                }
                List<String> command = new ArrayList<>();
                command.add(java());
                command.addAll(JVM_OPTIONS);
                Path archive = dir.resolve("app.jsa");
                command.add("-XX:ArchiveClassesAtExit=" + archive);
                command.add("-Dspring.context.exit=onRefresh");
                command.add("-jar");
                command.add(app.toString());
                command.addAll(TRAINING_ARGUMENTS);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(Training.LOG).toFile());
                Map<String, String> environment = builder.environment();
                environment.keySet().removeIf(name -> name.startsWith("TESSERA_") || name.startsWith("SPRING_"));
                environment.put("SPRING_PROFILES_ACTIVE", "dev");
                environment.put("TESSERA_KEY_ENCRYPTION_KEY", key);
                environment.put("TESSERA_GATEWAY_PASSPORT_KEYS_AUTHSERVICE", key);
                environment.put("TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE", key);
                environment.put("TESSERA_GATEWAY_PASSPORT_KEYS_NOTIFICATIONSERVICE", key);
                if (service != TesseraSystem.Service.GATEWAY) {
                    // The gateway refuses to start with a service's passport key; every other service needs one.
                    environment.put("TESSERA_PASSPORT_SECRETS", key);
                }
                trainings.add(new Training(service, dir, archive, app, builder.start()));
            } catch (IOException ex) {
                skip(service, ex.toString(), dir);
            }
        }
        for (Training training : trainings) {
            if (!finished(training.process())) {
                skip(training.service(), "its training run took longer than " + TRAINING_LIMIT, training.log());
            } else if (!isUsable(
                    training.archive(), training.app(), training.dir().resolve("check.log"))) {
                skip(training.service(), "its training run made no archive this JVM maps", training.log());
            } else {
                result.put(
                        training.service(),
                        List.of(
                                "-XX:SharedArchiveFile=" + training.archive(),
                                "-jar",
                                training.app().toString()));
            }
        }
        System.out.printf(
                "[e2e] class-data archives for %s in %.1f s%n", result.keySet(), (System.nanoTime() - started) / 1e9);
        return result;
    }

    /** Maps the archive with -Xshare:on, which refuses one it cannot use (another JVM, another class path). */
    private static boolean isUsable(Path archive, Path app, Path log) {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", app.toString(), "-version"));
        try {
            return run(command, log) == 0;
        } catch (IOException ex) {
            return false;
        }
    }

    private static boolean finished(Process process) {
        try {
            if (process.waitFor(TRAINING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return false;
    }

    private static int run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return finished(process) ? process.exitValue() : -1;
    }

    /** A training start under way: the service, its directory, the archive it writes and the jar it runs. */
    private record Training(TesseraSystem.Service service, Path dir, Path archive, Path app, Process process) {

        static final String LOG = "training.log";

        Path log() {
            return this.dir.resolve(LOG);
        }
    }

    private static void skip(TesseraSystem.Service service, String why, Path see) {
        System.out.printf("[e2e] %s starts from its plain jar: %s (see %s)%n", service.module, why, see);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
