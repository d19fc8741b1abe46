package dev.tessera.testsupport;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server that integration tests run against, chosen once per JVM in this order:
 *
 * <ol>
 *   <li>the server named by {@value #URL_VARIABLE} (a JDBC URL of a maintenance database, for example
 *       {@code jdbc:postgresql://db.example:5432/postgres}; the role comes from {@value #USER_VARIABLE}
 *       and {@value #PASSWORD_VARIABLE}, default {@code postgres} with no password);
 *   <li>a {@code postgres:17-alpine} container, when a Docker engine answers;
 *   <li>a server on {@code 127.0.0.1:5432} as {@code postgres}, when one answers.
 * </ol>
 *
 * <p>If none is available the first call fails at once and says how to provide one. Every
 * {@link #createDatabase(String)} creates a database with a unique name; all of them are dropped
 * when the JVM exits, so parallel runs and leftovers never interfere.
 */
public final class PostgresTestServer {

    public static final String URL_VARIABLE = "TESSERA_TEST_POSTGRES_URL";

    public static final String USER_VARIABLE = "TESSERA_TEST_POSTGRES_USER";

    public static final String PASSWORD_VARIABLE = "TESSERA_TEST_POSTGRES_PASSWORD";

    private static final String LOCAL_HOST = "127.0.0.1";

    private static final int LOCAL_PORT = 5432;

    private static final AtomicInteger sequence = new AtomicInteger();

    private static volatile PostgresTestServer instance;

    private final String source;

    private final String maintenanceUrl;

    private final String username;

    private final String password;

    private final List<String> created = new ArrayList<>();

    private PostgresTestServer(String source, String maintenanceUrl, String username, String password) {
        this.source = source;
        this.maintenanceUrl = maintenanceUrl;
        this.username = username;
        this.password = password;
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "tessera-test-db-cleanup"));
    }

    /** The server for this JVM, located on first use. */
    public static PostgresTestServer get() {
        PostgresTestServer server = instance;
        if (server == null) {
            synchronized (PostgresTestServer.class) {
                server = instance;
                if (server == null) {
                    server = locate();
                    instance = server;
                }
            }
        }
        return server;
    }

    /** Where the server came from: the environment, a container or the local server. */
    public String source() {
        return this.source;
    }

    /** The server's host name, for tools that take it apart from a JDBC URL (psql's PGHOST). */
    public String host() {
        return URI.create(this.maintenanceUrl.substring("jdbc:".length())).getHost();
    }

    /** The server's port (psql's PGPORT). */
    public int port() {
        int port = URI.create(this.maintenanceUrl.substring("jdbc:".length())).getPort();
        return (port != -1) ? port : 5432;
    }

    /** A role that may create databases (psql's PGUSER). */
    public String username() {
        return this.username;
    }

    /** That role's password, empty when the server trusts the connection (psql's PGPASSWORD). */
    public String password() {
        return this.password;
    }

    /**
     * Creates an empty database with a unique name.
     *
     * @param purpose a short lowercase word that ends up in the name, to help reading leftovers
     */
    public TestDatabase createDatabase(String purpose) {
        String name = "tessera_test_%s_%d_%d_%s"
                .formatted(
                        purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""),
                        ProcessHandle.current().pid(),
                        sequence.incrementAndGet(),
                        Long.toString(System.nanoTime() & 0xffffff, 36));
        execute("CREATE DATABASE " + name);
        synchronized (this.created) {
            this.created.add(name);
        }
        return new TestDatabase(name, urlFor(name), this.username, this.password);
    }

    /** Drops a database created by {@link #createDatabase(String)}, closing any connection to it. */
    public void dropDatabase(TestDatabase database) {
        dropDatabase(database.name());
    }

    /**
     * Drops a database by name, closing any connection to it; for databases a tool under test created
     * on this server.
     */
    public void dropDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        synchronized (this.created) {
            this.created.remove(name);
        }
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Drops a role a tool under test created on this server (the launcher's per-service roles). */
    public void dropRole(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain role name: " + name);
        }
        execute("DROP ROLE IF EXISTS " + name);
    }

    private void dropAll() {
        List<String> names;
        synchronized (this.created) {
            names = List.copyOf(this.created);
            this.created.clear();
        }
        for (String name : names) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (IllegalStateException ex) {
                System.err.println("Could not drop test database " + name + ": " + ex.getMessage());
            }
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(this.maintenanceUrl, this.username, this.password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL (" + this.source + ") refused: " + sql, ex);
        }
    }

    private String urlFor(String database) {
        URI uri = URI.create(this.maintenanceUrl.substring("jdbc:".length()));
        String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
        return "jdbc:postgresql://" + uri.getRawAuthority() + "/" + database + query;
    }

    private static PostgresTestServer locate() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            String user = envOrDefault(USER_VARIABLE, "postgres");
            String password = envOrDefault(PASSWORD_VARIABLE, "");
            return verified(new PostgresTestServer(URL_VARIABLE, url, user, password));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return verified(new PostgresTestServer(
                    "Testcontainers", container.getJdbcUrl(), container.getUsername(), container.getPassword()));
        }
        if (answers(LOCAL_HOST, LOCAL_PORT)) {
            return verified(new PostgresTestServer(
                    "local server",
                    "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres",
                    "postgres",
                    ""));
        }
        throw new IllegalStateException(
                """
                No PostgreSQL server for the tests. Provide one of:
                  - %s=jdbc:postgresql://HOST:PORT/postgres (with %s and %s for the role),
                  - a running Docker engine (Testcontainers starts postgres:17-alpine),
                  - a PostgreSQL server on %s:%d that trusts the role 'postgres'.
                """.formatted(URL_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE, LOCAL_HOST, LOCAL_PORT));
    }

    private static PostgresTestServer verified(PostgresTestServer server) {
        server.execute("SELECT 1");
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException ex) {
            return false;
        }
    }

    private static String envOrDefault(String name, String fallback) {
        String value = System.getenv(name);
        return (value != null) ? value : fallback;
    }
}
