package dev.tessera.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.testsupport.PostgresTestServer;
import dev.tessera.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The real application refuses an unsafe configuration, and runs on development values under dev. */
@ExtendWith(OutputCaptureExtension.class)
class StartupPostureTests {

    @Test
    void startWhenNoKeyEncryptionKeyOutsideDevThenRefuses() {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        assertThatThrownBy(() -> start(database, "--tessera.auth.admin.password=" + AuthServiceTest.ADMIN_PASSWORD)
                        .close())
                .hasStackTraceContaining("TESSERA_KEY_ENCRYPTION_KEY");
    }

    @Test
    void startWhenNoAdminExistsAndNoAdminPasswordOutsideDevThenRefuses() {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        assertThatThrownBy(() -> start(database, "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK)
                        .close())
                .hasStackTraceContaining("TESSERA_ADMIN_PASSWORD is not set");
    }

    @Test
    void startWhenAdminPasswordIsCommonThenRefuses() {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        assertThatThrownBy(() -> start(
                                database,
                                "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK,
                                "--tessera.auth.admin.password=password12345678")
                        .close())
                .hasStackTraceContaining("TESSERA_ADMIN_PASSWORD is too easy to guess");
    }

    @Test
    void startWhenDevProfileWithoutKeyEncryptionKeyThenRefused() {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        assertThatThrownBy(() -> start(database, "--spring.profiles.active=dev").close())
                .hasStackTraceContaining("TESSERA_KEY_ENCRYPTION_KEY")
                .hasStackTraceContaining("not set");
    }

    @Test
    void startWhenDevProfileThenGeneratedAdminPrintedOnce(CapturedOutput output) {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        try (ConfigurableApplicationContext context = start(
                database,
                "--spring.profiles.active=dev",
                "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK)) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id"
                                    + " WHERE a.username = 'admin' AND r.role = 'ADMIN'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1L);
        }
        assertThat(output.getAll()).containsOnlyOnce("DEVELOPMENT PROFILE ACTIVE");
        assertThat(output.getAll()).containsOnlyOnce("created administrator 'admin' with generated password");
    }

    @Test
    void startWhenConfiguredMachineClientIsInvalidThenRefusesNamingTheProperty() {
        TestDatabase database = PostgresTestServer.get().createDatabase("posture");
        assertThatThrownBy(() -> start(
                                database,
                                "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK,
                                "--tessera.auth.admin.password=" + AuthServiceTest.ADMIN_PASSWORD,
                                "--tessera.auth.clients.forum-service.secret-sha256=not-a-hash",
                                "--tessera.auth.clients.forum-service.audiences=notification-service")
                        .close())
                .hasStackTraceContaining("tessera.auth.clients.forum-service.secret-sha256 must be 64 hex characters");
    }

    private static ConfigurableApplicationContext start(TestDatabase database, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--management.server.port=0"));
        args.add("--tessera.passport.secrets=" + AuthServiceTest.PASSPORT_SECRET);
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(args.toArray(String[]::new));
    }
}
