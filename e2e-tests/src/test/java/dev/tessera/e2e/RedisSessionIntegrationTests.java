package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;

/**
 * "What if the Redis server dies?" (issue 18, target 6): a system of its own with scheme A's sessions in Redis
 * ({@code tessera.auth.sessions.redis.enabled=true} at auth-service, {@code tessera.gateway.introspection.mode=redis}
 * at the gateway) and a Redis server of its own (Debian's {@code redis-server}), killed and started again:
 *
 * <ol>
 *   <li>both schemes work; Redis is SIGKILLed: the opaque session gets a clear 503 problem at once, the JWT keeps
 *       working;
 *   <li>Redis starts again without persistence: the old session is gone (401), a new login works;
 *   <li>Redis with an append-only file: a session survives the restart.
 * </ol>
 */
@Order(21)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(OwnSystem.LOCK)
class RedisSessionIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    private final int redisPort = FreePorts.reserve();

    private Path redisDirectory;

    private Process redis;

    private TesseraSystem system;

    private Api gateway;

    private String username;

    private String jwt;

    private String session;

    @BeforeAll
    void start() throws IOException {
        this.redisDirectory = Files.createTempDirectory("tessera-redis-e2e");
        startRedis(false);
        String redisPort = "--spring.data.redis.port=" + this.redisPort;
        this.system = TesseraSystem.start(
                "redis-sessions",
                Map.of(
                        Service.AUTH,
                        List.of("--tessera.auth.sessions.redis.enabled=true", redisPort),
                        Service.GATEWAY,
                        // Every login comes from 127.0.0.1, some while waiting for Redis: no login rate limit here.
                        List.of(
                                "--tessera.gateway.introspection.mode=redis",
                                redisPort,
                                // The default 500 ms, on a busy 2-core machine, failed first look-ups (503 for 201).
                                "--tessera.gateway.introspection.redis.timeout=2s",
                                "--spring.data.redis.timeout=2s",
                                "--tessera.gateway.rate-limit.capacity=100000")));
        this.gateway = new Api(this.system.gatewayUri());
    }

    @AfterAll
    void stop() {
        if (this.system != null) {
            this.system.close();
        }
        killRedis();
    }

    @Test
    @Order(1)
    void redisKilledThenOpaqueSessionGetsAClear503WhileTheJwtKeepsWorking() {
        this.username = unique("redis");
        this.jwt = this.gateway
                .registerAndLogin(this.username, PASSWORD)
                .get("access_token")
                .asString();
        this.session = loginOpaque().get("access_token").asString();
        assertThat(createThread(this.jwt, "JWT before").status()).isEqualTo(201);
        assertThat(createThread(this.session, "Session before").status()).isEqualTo(201);

        killRedis();

        Instant start = Instant.now();
        Response withSession = createThread(this.session, "Session without Redis");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(withSession.status()).as(withSession.toString()).isIn(503, 401);
        assertThat(withSession.header("Content-Type")).contains("application/problem+json");
        assertThat(withSession.body())
                .doesNotContain(this.session)
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
        Response withJwt = createThread(this.jwt, "JWT without Redis");
        assertThat(withJwt.status()).as(withJwt.toString()).isEqualTo(201);
        Response login = this.gateway.post(
                "/api/auth/login", Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque"));
        assertThat(login.status())
                .as("a session that cannot be stored is not issued: " + login)
                .isEqualTo(503);
        // Ending a JWT login never needs Redis.
        String refresh =
                this.gateway.login(this.username, PASSWORD).get("refresh_token").asString();
        Response logout = this.gateway.post("/api/auth/logout", Map.of("refresh_token", refresh));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
    }

    @Test
    @Order(2)
    void redisStartedAgainWithoutPersistenceThenOldSessionRefusedAndANewLoginWorks() {
        startRedis(false);

        // Until the gateway has reconnected (Lettuce retries within about a second) the answer is still 503.
        Response old = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> createThread(this.session, "Old session after the restart"), r -> r.status() != 503);
        assertThat(old.status()).as(old.toString()).isEqualTo(401);
        assertThat(old.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");

        String renewed = loginOpaque().get("access_token").asString();
        assertThat(createThread(renewed, "New session").status()).isEqualTo(201);
        assertThat(createThread(this.jwt, "JWT throughout").status()).isEqualTo(201);
    }

    @Test
    @Order(3)
    void redisWithAnAppendOnlyFileThenTheSessionSurvivesARestart() {
        killRedis();
        startRedis(true);
        String kept = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> this.gateway.post(
                                "/api/auth/login",
                                Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque")),
                        r -> r.status() == 200)
                .json()
                .get("access_token")
                .asString();
        assertThat(createThread(kept, "Before the restart").status()).isEqualTo(201);

        killRedis();
        startRedis(true);

        Response after = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> createThread(kept, "After the restart"), r -> r.status() != 503);
        assertThat(after.status())
                .as("the append-only file kept the session: " + after)
                .isEqualTo(201);
    }

    /**
     * Redis on this class's port: no persistence at all, or an append-only file in this class's directory synced on
     * every write (so a SIGKILL right after a login loses nothing; the default {@code everysec} may lose a second).
     */
    private void startRedis(boolean appendOnly) {
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(this.redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                this.redisDirectory.toString()));
        command.addAll(
                appendOnly ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        try {
            Path log = Path.of(
                    System.getProperty("tessera.root", ".."), "e2e-tests/target/e2e-logs/redis-sessions/redis.log");
            Files.createDirectories(log.getParent());
            this.redis = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(this::redisAnswers);
    }

    private boolean redisAnswers() {
        try {
            Process ping = new ProcessBuilder("redis-cli", "-p", Integer.toString(this.redisPort), "ping")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ping.getInputStream().readAllBytes()).strip();
            return ping.waitFor(5, TimeUnit.SECONDS) && "PONG".equals(out);
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crash would. */
    private void killRedis() {
        if (this.redis == null) {
            return;
        }
        this.redis.destroyForcibly();
        try {
            this.redis.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.redis = null;
    }

    private JsonNode loginOpaque() {
        Response login = this.gateway.post(
                "/api/auth/login", Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json();
    }

    private Response createThread(String accessToken, String title) {
        return this.gateway.createThread(accessToken, title, "Body of " + title);
    }
}
