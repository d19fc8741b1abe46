package dev.tessera.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

class LostConnectionTests {

    @Test
    void lostConnectionWhenRollbackFailsOnTerminatedBackendThenTrue() {
        // What Hibernate throws after pg_terminate_backend: the statement and then the rollback fail.
        SQLException terminated = new SQLException("terminating connection due to administrator command", "57P01");
        JpaSystemException ex = new JpaSystemException(new RuntimeException("Unable to rollback", terminated));

        assertThat(ProblemAdvice.lostConnection(ex)).isTrue();
    }

    @Test
    void lostConnectionWhenRollbackFailsOnClosedConnectionThenTrue() {
        // Seen end to end: the statement's error is replaced by the rollback's, which has no SQLState.
        JpaSystemException ex = new JpaSystemException(new org.hibernate.TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

        assertThat(ProblemAdvice.lostConnection(ex)).isTrue();
    }

    @Test
    void lostConnectionWhenConnectionClassStateOrPoolTimeoutThenTrue() {
        assertThat(ProblemAdvice.lostConnection(
                        new JpaSystemException(new RuntimeException(new SQLException("I/O error", "08006")))))
                .isTrue();
        assertThat(ProblemAdvice.lostConnection(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
    }

    @Test
    void lostConnectionWhenConstraintViolatedThenFalse() {
        SQLException unique = new SQLException("duplicate key", "23505");

        assertThat(ProblemAdvice.lostConnection(new DataIntegrityViolationException("dup", unique)))
                .isFalse();
        assertThat(ProblemAdvice.lostConnection(new JpaSystemException(new RuntimeException("other"))))
                .isFalse();
    }
}
