package dev.tessera.testsupport;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives a Spring Boot test context its own fresh PostgreSQL database: {@code @Import} it into a
 * {@code @SpringBootTest} or a slice test (with {@code @AutoConfigureTestDatabase(replace = NONE)}).
 *
 * <p>The database is exposed as a {@link JdbcConnectionDetails} bean, the same mechanism that
 * {@code @ServiceConnection} uses, so the application's own DataSource, Flyway and JPA set-up run
 * unchanged. The {@link TestDatabase} bean is there for tests that need the URL, for example to
 * start a second application context on the same database.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean
    TestDatabase tesseraTestDatabase() {
        return PostgresTestServer.get().createDatabase("ctx");
    }

    @Bean
    JdbcConnectionDetails tesseraJdbcConnectionDetails(TestDatabase database) {
        return new TestDatabaseConnectionDetails(database);
    }

    private record TestDatabaseConnectionDetails(TestDatabase database) implements JdbcConnectionDetails {

        @Override
        public String getUsername() {
            return this.database.username();
        }

        @Override
        public String getPassword() {
            return this.database.password();
        }

        @Override
        public String getJdbcUrl() {
            return this.database.jdbcUrl();
        }
    }
}
