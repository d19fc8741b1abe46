package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/** A database that is gone is a 503 with Retry-After, not a 500; a bug or a conflict is not an outage. */
class DatabaseOutageTests {

    @Test
    void databaseUnavailableWhenRollbackFailsOnTerminatedBackendThenTrue() {
        // What Hibernate throws after pg_terminate_backend: the statement and then the rollback fail.
        SQLException terminated = new SQLException("terminating connection due to administrator command", "57P01");
        JpaSystemException ex = new JpaSystemException(new RuntimeException("Unable to rollback", terminated));

        assertThat(ExceptionProblems.databaseUnavailable(ex)).isTrue();
    }

    @Test
    void databaseUnavailableWhenRollbackFailsOnClosedConnectionThenTrue() {
        // Seen end to end: the statement's error is replaced by the rollback's, which has no SQLState.
        JpaSystemException ex = new JpaSystemException(new org.hibernate.TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

        assertThat(ExceptionProblems.databaseUnavailable(ex)).isTrue();
    }

    @Test
    void databaseUnavailableWhenConnectionClassStatePoolTimeoutOrSocketThenTrue() {
        assertThat(ExceptionProblems.databaseUnavailable(
                        new JpaSystemException(new RuntimeException(new SQLException("I/O error", "08006")))))
                .isTrue();
        assertThat(ExceptionProblems.databaseUnavailable(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
        assertThat(ExceptionProblems.databaseUnavailable(
                        new JpaSystemException(new RuntimeException(new SocketException("Connection reset")))))
                .isTrue();
        assertThat(ExceptionProblems.databaseUnavailable(new CannotCreateTransactionException("no connection")))
                .isTrue();
    }

    @Test
    void databaseUnavailableWhenConstraintViolatedOrOptimisticConflictThenFalse() {
        SQLException unique = new SQLException("duplicate key", "23505");

        assertThat(ExceptionProblems.databaseUnavailable(new DataIntegrityViolationException("dup", unique)))
                .isFalse();
        assertThat(ExceptionProblems.databaseUnavailable(new JpaSystemException(new RuntimeException("other"))))
                .isFalse();
        assertThat(ExceptionProblems.databaseUnavailable(new OptimisticLockingFailureException("stale")))
                .isFalse();
    }

    @Test
    void unexpectedWhenDatabaseUnavailableThen503WithRetryAfterAndGenericText() {
        ExceptionProblems.Answer answer =
                ExceptionProblems.unexpected(new CannotCreateTransactionException("jdbc:postgresql://db"), true);

        assertThat(answer.body().getStatus()).isEqualTo(503);
        assertThat(answer.body().getType()).hasToString("urn:tessera:problem:service-unavailable");
        assertThat(answer.body().getDetail()).doesNotContain("postgresql");
        assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }
}
