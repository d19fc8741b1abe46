package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@AuthServiceTest
class ExpiredAuthorizationsTests {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private static final Duration KEEP = Duration.ofMinutes(10);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void deleteWhenEverythingInARowExpiredLongerAgoThanKeepThenOnlyThatRowGoes() {
        // The code expired long ago, but the access token expired only 5 minutes ago: kept for now.
        String recent = insert(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(5)), null);
        // Code and tokens all expired more than 10 minutes ago.
        String old = insert(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofMinutes(11)), NOW.minusSeconds(700));
        // A code that was never redeemed, expired an hour ago.
        String unredeemed = insert(NOW.minus(Duration.ofHours(1)), null, null);
        // Still live.
        String live = insert(NOW.minusSeconds(30), NOW.plus(Duration.ofMinutes(4)), NOW.plus(Duration.ofMinutes(4)));
        // No expiry at all (waiting for consent): never deleted by age.
        String pending = insert(null, null, null);

        int deleted = new ExpiredAuthorizations(this.jdbc, Clock.fixed(NOW, ZoneOffset.UTC), KEEP).delete();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(exists(old)).isFalse();
        assertThat(exists(unredeemed)).isFalse();
        assertThat(exists(recent)).isTrue();
        assertThat(exists(live)).isTrue();
        assertThat(exists(pending)).isTrue();
    }

    @Test
    void serviceBeanWhenARowExpiredADayAgoThenItIsDeleted(@Autowired ExpiredAuthorizations expired) {
        // The service's own bean deletes against the real clock: a row that expired a day ago goes.
        String old =
                insert(Instant.now().minus(Duration.ofDays(1)), Instant.now().minus(Duration.ofDays(1)), null);

        expired.delete();

        assertThat(exists(old)).isFalse();
    }

    private String insert(Instant codeExpiresAt, Instant accessTokenExpiresAt, Instant idTokenExpiresAt) {
        String id = UUID.randomUUID().toString();
        this.jdbc.update(
                """
                INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
                    authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at)
                VALUES (?, 'console', 'someone', 'authorization_code', ?, ?, ?)
                """, id, timestamp(codeExpiresAt), timestamp(accessTokenExpiresAt), timestamp(idTokenExpiresAt));
        return id;
    }

    private boolean exists(String id) {
        Integer count =
                this.jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE id = ?", Integer.class, id);
        return count != null && count == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return (instant != null) ? Timestamp.from(instant) : null;
    }
}
