package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stranger's application the end-to-end tests run beside Tessera as a process of its own (a Spring Boot app on this
 * module's test classpath without Tessera's artifacts, or a Node script), its output in a log file. It does not outlive
 * the tests' JVM.
 */
final class AppProcess implements AutoCloseable {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final String name;

    private final Process process;

    private final Path log;

    private final Thread shutdownHook;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /**
     * A Spring Boot application from this module's test classes, on a classpath of Spring Boot and Spring Security
     * without Tessera's artifacts (the file {@code tessera.resource-server.classpath}, written by the build).
     */
    static AppProcess springBoot(String name, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("tessera.test-classes") + File.pathSeparator + strangersClasspath(),
                mainClass,
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        return start(name, command, Map.of(), null);
    }

    /** Any command, run in {@code directory} with {@code environment} added to this JVM's. */
    static AppProcess start(String name, List<String> command, Map<String, String> environment, Path directory) {
        Path log = root.resolve("e2e-tests/target/e2e-logs/" + name + "/" + name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return new AppProcess(name, builder.start(), log);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Until {@code ready} holds; fails at once if the process exits, with where to look. */
    AppProcess awaitReady(BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(this.process.isAlive())
                    .as(this.name + " exited during start-up; see " + this.log)
                    .isTrue();
            try {
                if (ready.getAsBoolean()) {
                    return this;
                }
            } catch (IllegalStateException ex) {
                // not listening yet
            }
            TesseraSystem.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(this.name + " did not start within " + START_TIMEOUT + "; see " + this.log);
    }

    /** Everything the application has written so far. */
    String log() {
        try {
            return Files.readString(this.log, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
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
