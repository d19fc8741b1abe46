package dev.tessera.forum;

import static dev.tessera.forum.BadInputTests.assertProblem;
import static dev.tessera.forum.ForumClient.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import dev.tessera.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/threat-model.md I4: PostgreSQL unreachable. Requests fail fast with a 503 problem (Hikari's
 * connection timeout is 3 s, not 30 s), readiness goes down, and the service recovers by itself.
 * Its own application context and database, since it takes that database away.
 */
@ForumTest
@TestPropertySource(properties = "spring.datasource.hikari.pool-name=outage")
class DatabaseOutageTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TestDatabase database;

    @Test
    void readWhenDatabaseUnreachableThenServiceUnavailableAndRecovers() throws Exception {
        ForumClient forum = new ForumClient(port);
        ForumClient management = new ForumClient(managementPort);
        assertThat(forum.get("/threads", anonymous()).status()).isEqualTo(200);
        try {
            admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name() + "'");

            long started = System.nanoTime();
            Reply reply = forum.get("/threads", anonymous());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertProblem(reply, 503);
            assertThat(reply.header("Retry-After")).isNotNull();
            System.out.printf("Database outage: 503 after %d ms%n", took.toMillis());
            assertThat(management
                            .exchange("GET", "/actuator/health/readiness", null, null, null, null)
                            .status())
                    .isEqualTo(503);
        } finally {
            admin("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
        }
        long restored = System.nanoTime();
        int status = 0;
        while (status != 200
                && System.nanoTime() - restored < Duration.ofSeconds(20).toNanos()) {
            status = forum.get("/threads", anonymous()).status();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        assertThat(status).as("recovered without a restart").isEqualTo(200);
        System.out.printf(
                "Database outage: recovered %d ms after PostgreSQL accepted connections again%n",
                Duration.ofNanos(System.nanoTime() - restored).toMillis());
    }

    private void admin(String sql) throws SQLException {
        String maintenance = database.jdbcUrl().replace("/" + database.name(), "/postgres");
        try (Connection connection =
                        DriverManager.getConnection(maintenance, database.username(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
