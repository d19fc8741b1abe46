package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.e2e.Api.Response;
import dev.tessera.testsupport.PostgresTestServer;
import dev.tessera.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The PostgreSQL figures behind docs/scaling.md: what one login, one refresh and one authenticated forum write
 * cost the database, counted rather than timed, so a busy machine changes nothing but the run time.
 *
 * <p>Three sources, each for what it counts exactly:
 *
 * <ul>
 *   <li>{@code pg_stat_user_tables} / {@code pg_stat_database}: rows inserted, updated and deleted per table, and
 *       every committed transaction (reads included, and the gateway's revocation-feed poll every 2 s with them).
 *       PostgreSQL 15 publishes a backend's counters when it goes idle, but holds them back for up to 10 s when it
 *       published less than a second earlier: {@link #settled} waits until the row counters stand still for
 *       longer than that.
 *   <li>The WAL itself, read with {@code pg_walinspect}: the records that touch the measured database's blocks,
 *       plus the commit records of their transactions. Other databases on the same server (other test runs)
 *       write WAL too; attributing records by database keeps them out, so WAL bytes and writing transactions
 *       are this database's alone.
 * </ul>
 *
 * <p>Figures are printed, never asserted; the assertions only check that the counting sees what every one of
 * these operations must write (a login starts a refresh family, a refresh issues a token, a forum write
 * inserts a row), so a broken measurement fails.
 */
@Order(95)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingFiguresIntegrationTests {

    private static final int N = 20;

    /** Rounds per operation (each window waits for the counters to settle, about 30 s); docs/scaling.md used 3. */
    private static final int ROUNDS = Integer.getInteger("tessera.scaling.rounds", 3);

    private static final String PASSWORD = "a long enough password";

    /** Longer than PostgreSQL 15's PGSTAT_IDLE_INTERVAL (10 s), the longest an idle backend holds its counters. */
    private static final Duration STILL_FOR = Duration.ofSeconds(11);

    private TesseraSystem system;

    private Api gateway;

    private TestDatabase probe;

    private String username;

    @BeforeAll
    void useSystem() throws SQLException {
        // A figures harness like the benchmarks (about 2.5 min even for one round): run on demand, not in every
        // build, with -Dtessera.scaling.rounds=N (N = 3 for the figures in docs/scaling.md).
        Assumptions.assumeTrue(
                System.getProperty("tessera.scaling.rounds") != null,
                "scaling figures run on demand: -Dtessera.scaling.rounds=3");
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
        // pg_walinspect in a database of its own: the services' databases stay exactly as Flyway made them.
        this.probe = PostgresTestServer.get().createDatabase("walprobe");
        try (Connection connection = connect(this.probe);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
        }
        this.username = "scaling" + UUID.randomUUID().toString().substring(0, 8);
        // Warm-up outside any window: the account's first rows, and each path's first (lazy) run.
        String token = this.gateway
                .registerAndLogin(this.username, PASSWORD)
                .get("refresh_token")
                .asString();
        assertThat(refresh(token).status()).isEqualTo(200);
        assertThat(this.gateway
                        .createThread(login().get("access_token").asString(), "Warm-up", "scaling figures")
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void dropProbe() {
        if (this.probe != null) {
            PostgresTestServer.get().dropDatabase(this.probe);
        }
    }

    @Test
    void loginWhenCountedThenEachStartsARefreshFamilyAndItsWritesArePrinted() throws Exception {
        List<Window> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rounds.add(measure(this.system.authDatabase(), () -> {
                for (int i = 0; i < N; i++) {
                    login();
                }
            }));
        }
        report("login (POST /api/auth/login through the gateway), auth database", rounds);

        for (Window window : rounds) {
            assertThat(window.inserted("refresh_family"))
                    .as("every login starts a refresh family")
                    .isGreaterThanOrEqualTo(N);
            assertThat(window.wal().transactions())
                    .as("every login commits at least one writing transaction")
                    .isGreaterThanOrEqualTo(N);
        }
    }

    @Test
    void refreshWhenCountedThenEachIssuesARefreshTokenAndItsWritesArePrinted() throws Exception {
        List<Window> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String[] current = {login().get("refresh_token").asString()};
            rounds.add(measure(this.system.authDatabase(), () -> {
                for (int i = 0; i < N; i++) {
                    Response rotated = refresh(current[0]);
                    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
                    current[0] = rotated.json().get("refresh_token").asString();
                }
            }));
        }
        report("refresh (POST /api/auth/refresh through the gateway), auth database", rounds);

        for (Window window : rounds) {
            assertThat(window.inserted("refresh_token"))
                    .as("every refresh issues a new refresh token")
                    .isGreaterThanOrEqualTo(N);
        }
    }

    @Test
    void forumWriteWhenCountedThenEachInsertsAForumRowAndAuthDatabaseWritesArePrinted() throws Exception {
        List<Window> forum = new ArrayList<>();
        List<Window> auth = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // The same writes seen from each database in turn: the forum's rows, then what the edge costs
            // auth-service's database per request (a verified token is neither looked up nor written there).
            // One window per database, as settling the counters takes 11 s and an access token lives 20 s here:
            // a fresh token per window, taken before the window opens.
            forum.add(measure(
                    this.system.forumDatabase(),
                    threads(login().get("access_token").asString())));
            auth.add(measure(
                    this.system.authDatabase(),
                    threads(login().get("access_token").asString())));
        }
        report("authenticated forum write (POST /api/forum/threads through the gateway), forum database", forum);
        report("authenticated forum write (POST /api/forum/threads through the gateway), auth database", auth);

        for (Window window : forum) {
            assertThat(window.rows().inserted()).as("every thread is a row").isGreaterThanOrEqualTo(N);
        }
    }

    private ThrowingRunnable threads(String token) {
        return () -> {
            for (int i = 0; i < N; i++) {
                Response created = this.gateway.createThread(token, "Scaling " + i, "counted, not timed");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
            }
        };
    }

    private JsonNode login() {
        return this.gateway.login(this.username, PASSWORD);
    }

    private Response refresh(String refreshToken) {
        return this.gateway.post("/api/auth/refresh", Map.of("refresh_token", refreshToken));
    }

    private Window measure(TestDatabase database, ThrowingRunnable operations) throws Exception {
        return measure(List.of(database), operations)[0];
    }

    /** Counts what {@code operations} write to each database, from settled counters before and after. */
    private Window[] measure(List<TestDatabase> databases, ThrowingRunnable operations) throws Exception {
        List<Counters> before = new ArrayList<>();
        for (TestDatabase database : databases) {
            before.add(settled(database));
        }
        String startLsn = currentLsn();
        operations.run();
        String endLsn = currentLsn();
        Window[] windows = new Window[databases.size()];
        for (int i = 0; i < databases.size(); i++) {
            Counters after = settled(databases.get(i));
            windows[i] = new Window(before.get(i), after, wal(databases.get(i), startLsn, endLsn));
        }
        return windows;
    }

    /**
     * The database's counters once its row counters have stood still for {@link #STILL_FOR}: by then every
     * backend has published what it counted. Transactions are not part of the criterion, as the gateway's
     * revocation-feed poll commits a read every 2 s.
     */
    private Counters settled(TestDatabase database) throws SQLException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Connection connection = connect(database)) {
            Counters last = read(connection);
            Instant stillSince = Instant.now();
            while (Instant.now().isBefore(deadline)) {
                TesseraSystem.sleep(Duration.ofMillis(500));
                Counters now = read(connection);
                if (!now.tables().equals(last.tables())) {
                    stillSince = Instant.now();
                } else if (Duration.between(stillSince, Instant.now()).compareTo(STILL_FOR) >= 0) {
                    return now;
                }
                last = now;
            }
            throw new IllegalStateException("PostgreSQL's counters for " + database.name() + " never settled");
        }
    }

    private static Counters read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // A transaction reads a snapshot of the statistics once; clear it so each poll sees fresh ones.
            statement.execute("SELECT pg_stat_clear_snapshot()");
            Map<String, Rows> tables = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new Rows(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return new Counters(tables, rs.getLong(1));
            }
        }
    }

    private String currentLsn() throws SQLException {
        try (Connection connection = connect(this.probe);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The WAL between two positions that belongs to {@code database}: records naming one of its blocks
     * ({@code rel <tablespace>/<database oid>/<relfilenode>}), and the commit records of the transactions that
     * wrote them. The server-wide total is returned alongside, to show how much other databases wrote.
     */
    private Wal wal(TestDatabase database, String startLsn, String endLsn) throws SQLException {
        if (startLsn.equals(endLsn)) {
            // Nothing was written anywhere on the server (pg_walinspect refuses an empty range).
            return new Wal(0, 0, 0, 0);
        }
        String sql = """
                WITH db AS (SELECT oid FROM pg_database WHERE datname = ?),
                     r AS (SELECT * FROM pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn)),
                     mine AS (SELECT r.* FROM r, db WHERE r.block_ref ~ ('rel [0-9]+/' || db.oid || '/')),
                     xids AS (SELECT DISTINCT xid FROM mine WHERE xid::text <> '0')
                SELECT (SELECT count(*) FROM xids),
                       (SELECT coalesce(sum(record_length), 0) FROM mine)
                         + (SELECT coalesce(sum(record_length), 0) FROM r
                             WHERE resource_manager = 'Transaction' AND xid::text IN (SELECT xid::text FROM xids)),
                       (SELECT coalesce(sum(fpi_length), 0) FROM mine),
                       (SELECT coalesce(sum(record_length), 0) FROM r)
                """;
        try (Connection connection = connect(this.probe);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database.name());
            statement.setString(2, startLsn);
            statement.setString(3, endLsn);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new Wal(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    private static void report(String operation, List<Window> rounds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%n[scaling] %s: per operation, N = %d per round, %d rounds%n",
                operation,
                N,
                rounds.size()));
        out.append(String.format(
                Locale.ROOT,
                "[scaling] %-6s %8s %8s %8s %8s %10s %12s %10s %10s %14s%n",
                "round",
                "ins",
                "upd",
                "del",
                "rows",
                "xact(all)",
                "write-xacts",
                "WAL B",
                "of it FPI",
                "server WAL B"));
        for (int i = 0; i < rounds.size(); i++) {
            Window w = rounds.get(i);
            Rows rows = w.rows();
            out.append(String.format(
                    Locale.ROOT,
                    "[scaling] %-6d %8.2f %8.2f %8.2f %8.2f %10.2f %12.2f %10.0f %10.0f %14.0f%n",
                    i + 1,
                    rows.inserted() / (double) N,
                    rows.updated() / (double) N,
                    rows.deleted() / (double) N,
                    rows.total() / (double) N,
                    w.transactions() / (double) N,
                    w.wal().transactions() / (double) N,
                    w.wal().bytes() / (double) N,
                    w.wal().fullPageBytes() / (double) N,
                    w.wal().serverBytes() / (double) N));
        }
        Window least = rounds.stream()
                .min(Comparator.comparingLong(w -> w.wal().bytes()))
                .orElseThrow();
        out.append(String.format(
                Locale.ROOT,
                "[scaling] least WAL of the rounds: %.0f B per operation (%.0f B without full-page images)%n",
                least.wal().bytes() / (double) N,
                (least.wal().bytes() - least.wal().fullPageBytes()) / (double) N));
        out.append("[scaling] rows per table in round 1 (ins/upd/del, whole round): ")
                .append(rounds.get(0).perTable())
                .append(System.lineSeparator());
        System.out.print(out);
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private record Rows(long inserted, long updated, long deleted) {

        long total() {
            return this.inserted + this.updated + this.deleted;
        }

        Rows minus(Rows other) {
            return new Rows(this.inserted - other.inserted, this.updated - other.updated, this.deleted - other.deleted);
        }

        @Override
        public String toString() {
            return this.inserted + "/" + this.updated + "/" + this.deleted;
        }
    }

    private record Counters(Map<String, Rows> tables, long transactions) {}

    /** WAL of one database in a window: writing transactions, bytes (full-page images among them), server total. */
    private record Wal(long transactions, long bytes, long fullPageBytes, long serverBytes) {}

    private record Window(Counters before, Counters after, Wal wal) {

        Map<String, Rows> perTable() {
            Map<String, Rows> changed = new TreeMap<>();
            this.after.tables().forEach((table, rows) -> {
                Rows delta = rows.minus(this.before.tables().getOrDefault(table, new Rows(0, 0, 0)));
                if (delta.total() != 0) {
                    changed.put(table, delta);
                }
            });
            return changed;
        }

        Rows rows() {
            return perTable().values().stream()
                    .reduce(
                            new Rows(0, 0, 0),
                            (a, b) -> new Rows(
                                    a.inserted() + b.inserted(), a.updated() + b.updated(), a.deleted() + b.deleted()));
        }

        long inserted(String table) {
            return perTable().getOrDefault(table, new Rows(0, 0, 0)).inserted();
        }

        long transactions() {
            return this.after.transactions() - this.before.transactions();
        }
    }
}
