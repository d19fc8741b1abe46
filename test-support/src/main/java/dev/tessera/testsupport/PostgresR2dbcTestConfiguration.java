package dev.tessera.testsupport;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.net.URI;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link PostgresTestConfiguration} for a reactive service: its own fresh database, given to Spring Boot as R2DBC
 * connection details (the requests) and as Flyway's JDBC ones (the migrations at start-up), so the application's
 * own configuration runs unchanged.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresR2dbcTestConfiguration {

    @Bean
    TestDatabase tesseraTestDatabase() {
        return PostgresTestServer.get().createDatabase("ctx");
    }

    @Bean
    R2dbcConnectionDetails tesseraR2dbcConnectionDetails(TestDatabase database) {
        // jdbc:postgresql://host:port/name -> its parts (the JDBC URL is the one the server handed out).
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        ConnectionFactoryOptions options = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                .option(ConnectionFactoryOptions.HOST, uri.getHost())
                .option(ConnectionFactoryOptions.PORT, uri.getPort())
                .option(ConnectionFactoryOptions.DATABASE, uri.getPath().substring(1))
                .option(ConnectionFactoryOptions.USER, database.username())
                .option(ConnectionFactoryOptions.PASSWORD, database.password())
                .build();
        return () -> options;
    }

    @Bean
    FlywayConnectionDetails tesseraFlywayConnectionDetails(TestDatabase database) {
        return new FlywayConnectionDetails() {
            @Override
            public String getUsername() {
                return database.username();
            }

            @Override
            public String getPassword() {
                return database.password();
            }

            @Override
            public String getJdbcUrl() {
                return database.jdbcUrl();
            }
        };
    }
}
