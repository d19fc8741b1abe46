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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stranger's Spring Boot service (README, "Use Tessera from another application") run as a process of its own, on
 * this module's test classes and its classpath without Tessera's artifacts ({@code target/resource-server.classpath}):
 * the kit would require a passport of every request, and Spring Security must stay out of the tests' JVM, where the
 * greeting service of "Add your own service" runs without it.
 *
 * <p>{@link #start} returns at once, so that several services start side by side; {@link #awaitListening} waits for
 * one. A JVM shutdown hook stops the process should the tests' JVM end without {@link #close}.
 */
final class StrangerService implements AutoCloseable {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final String name;

    private final Process process;

    private final Path log;

    private final Api api;

    private final Thread shutdownHook;

    private StrangerService(String name, Process process, Path log, Api api) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.api = api;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }

    /**
     * Starts {@code mainClass} on a free port of 127.0.0.1 with Spring Security's own account of every decision in
     * its log (so that a log check has something to read), then {@code arguments}; its log is {@code
     * target/e2e-logs/<directory>/<name>.log}.
     */
    static StrangerService start(String directory, String name, String mainClass, List<String> arguments) {
        int port = FreePorts.reserve();
        Path log = root.resolve("e2e-tests/target/e2e-logs/" + directory + "/" + name + ".log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("tessera.test-classes")
                            + File.pathSeparator
                            + Files.readString(Path.of(System.getProperty("tessera.resource-server.classpath")))
                                    .strip(),
                    mainClass,
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--spring.main.banner-mode=off",
                    "--logging.level.org.springframework.security=TRACE"));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new StrangerService(name, process, log, new Api(URI.create("http://127.0.0.1:" + port)));
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

    String logText() {
        try {
            return Files.readString(this.log, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Until the service answers (401 to {@code path} without a token); fails at once if the process exits. */
    void awaitListening(String path) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(this.process.isAlive())
                    .as(this.name + " exited during start-up; see " + this.log)
                    .isTrue();
            try {
                if (this.api.get(path).status() == 401) {
                    return;
                }
            } catch (IllegalStateException ex) {
                // not listening yet
            }
            TesseraSystem.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(this.name + " did not start within " + START_TIMEOUT + "; see " + this.log);
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
}
