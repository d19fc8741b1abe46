package dev.tessera.auth.oidc;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes Spring Authorization Server's authorizations (one row per login through {@code /authorize}: the code, the
 * access and ID tokens issued for it) once everything in them has expired. Spring Authorization Server never deletes
 * them itself, so without this the table grows by a row per OpenID login forever. Nothing in an expired row is
 * usable: a code is single use and short-lived, the tokens are past {@code exp}, and Tessera's session (the refresh
 * family) lives in its own table.
 *
 * <p>A row is kept for {@code keep} after its last expiry (so a late request still meets "expired", not "unknown",
 * in the logs). A row with no expiry at all (an authorization request waiting for consent) is left alone.
 */
final class ExpiredAuthorizations {

    private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizations.class);

    private final JdbcTemplate jdbc;

    private final Clock clock;

    private final Duration keep;

    ExpiredAuthorizations(JdbcTemplate jdbc, Clock clock, Duration keep) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = keep;
    }

    /** Deletes the rows whose last expiry lies more than {@code keep} in the past; returns how many. */
    int delete() {
        Instant cutoff = this.clock.instant().minus(this.keep);
        // PostgreSQL's greatest() skips NULLs: the latest expiry among those present; all NULL stays NULL (kept).
        int deleted = this.jdbc.update("""
                DELETE FROM oauth2_authorization
                WHERE greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
                               refresh_token_expires_at, user_code_expires_at, device_code_expires_at) < ?
                """, Timestamp.from(cutoff));
        if (deleted > 0) {
            log.info("Deleted {} expired OpenID authorizations", deleted);
        }
        return deleted;
    }
}
