package dev.tessera.auth.opaque;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server of one test class only, on a port of its own, without persistence (and with any extra options). */
final class RedisTestServer {

    final int port = freePort();

    private final List<String> options;

    private Process process;

    RedisTestServer(String... options) {
        this.options = List.of(options);
    }

    synchronized void start() throws IOException, InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            return;
        }
        Path log = Files.createDirectories(Path.of("target/redis")).resolve("redis-" + this.port + ".log");
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(this.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
        command.addAll(this.options);
        this.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answers()) {
            if (!this.process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start; see " + log.toAbsolutePath());
            }
            Thread.sleep(50);
        }
    }

    synchronized void stop() {
        if (this.process != null) {
            this.process.destroyForcibly();
            try {
                this.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.process = null;
        }
    }

    private boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
