package dev.tessera.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTestServerTests {

    @Test
    void createDatabaseWhenCalledTwiceThenTwoIsolatedDatabases() throws SQLException {
        PostgresTestServer server = PostgresTestServer.get();
        TestDatabase first = server.createDatabase("first");
        TestDatabase second = server.createDatabase("second");
        try {
            assertThat(first.name()).isNotEqualTo(second.name()).startsWith("tessera_test_first_");
            execute(first, "CREATE TABLE marker (id int)");
            assertThat(tableCount(first, "marker")).isEqualTo(1);
            assertThat(tableCount(second, "marker")).isZero();
        } finally {
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
    }

    @Test
    void dropDatabaseWhenConnectionOpenThenDatabaseGone() throws SQLException {
        PostgresTestServer server = PostgresTestServer.get();
        TestDatabase database = server.createDatabase("drop");
        try (Connection open = connect(database)) {
            server.dropDatabase(database);
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(database));
        }
    }

    private static long tableCount(TestDatabase database, String table) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
