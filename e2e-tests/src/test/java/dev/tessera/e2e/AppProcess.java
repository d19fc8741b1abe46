package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stranger's application (README, "Use Tessera from another application") run beside Tessera as a process of its
 * own, its output in {@code target/e2e-logs/<directory>/<name>.log}: a Spring Boot app from this module's test classes
 * ({@link #springBoot}) or any command (a Node script, {@link #start}).
 *
 * <p>Starting returns at once, so that several applications start side by side; {@link #awaitReady} waits for one. A
 * JVM shutdown hook stops the process should the tests' JVM end without {@link #close}.
 */
final class AppProcess implements AutoCloseable {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private final String name;

    private final Process process;

    private final Path log;

    private final Api api;

    private final Thread shutdownHook;

    private AppProcess(String name, Process process, Path log, Api api) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.api = api;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /** {@link #springBoot(String, String, String, int, List)} on a free port. */
    static AppProcess springBoot(String directory, String name, String mainClass, List<String> arguments) {
        return springBoot(directory, name, mainClass, FreePorts.reserve(), arguments);
    }

    /**
     * Starts {@code mainClass} on {@code port} of 127.0.0.1, on this module's test classes and its classpath without
     * Tessera's artifacts ({@code target/resource-server.classpath}): the kit would require a passport of every
     * request, and Spring Security must stay out of the tests' JVM, where the greeting service of "Add your own
     * service" runs without it. Spring Security's own account of every decision goes to the log (so that a log check
     * has something to read), then {@code arguments} apply.
     */
    static AppProcess springBoot(String directory, String name, String mainClass, int port, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("tessera.test-classes") + File.pathSeparator + strangersClasspath(),
                mainClass,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.org.springframework.security=TRACE"));
        command.addAll(arguments);
        return start(directory, name, command, Map.of(), null, URI.create("http://127.0.0.1:" + port));
    }

    /** Any command, run in {@code directory} with {@code environment} added to this JVM's, answering at {@code uri}. */
    static AppProcess start(
            String directory,
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workingDirectory,
            URI uri) {
        Path log = root.resolve("e2e-tests/target/e2e-logs/" + directory + "/" + name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            builder.environment().putAll(environment);
            return new AppProcess(name, builder.start(), log, new Api(uri));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Api api() {
        return this.api;
    }

    Path log() {
        return this.log;
    }

    /** Everything the application has written so far. */
    String logText() {
        try {
            return Files.readString(this.log, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Until the application answers 401 to {@code path} without a token. */
    void awaitListening(String path) {
        awaitReady(() -> this.api.get(path).status() == 401);
    }

    /**
     * Until {@code ready} holds; fails at once if the process exits, and when it is stuck or too slow
     * ({@link StartupWatch}), with where to look.
     */
    void awaitReady(BooleanSupplier ready) {
        StartupWatch watch = new StartupWatch(this.name, this.process.toHandle());
        while (true) {
            assertThat(this.process.isAlive())
                    .as(this.name + " exited during start-up; see " + this.log)
                    .isTrue();
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException ex) {
                // not listening yet
            }
            watch.check(this.log.toString());
            TesseraSystem.sleep(Duration.ofMillis(500));
        }
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
        Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
    }

    private static String strangersClasspath() {
        try {
            return Files.readString(Path.of(System.getProperty("tessera.resource-server.classpath")))
                    .strip();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
