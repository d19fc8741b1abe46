package dev.tessera.auth.recovery;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each account's e-mail address (at most one), whether it is verified, and the language of its messages. */
@Component
class AccountEmails {

    /** An account's address. */
    record Email(String address, boolean verified, Locale locale) {}

    private final JdbcClient jdbc;

    private final Clock clock;

    AccountEmails(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Email> find(UUID accountId) {
        return this.jdbc
                .sql("SELECT address, verified_at, locale FROM account_email WHERE account_id = ?")
                .param(accountId)
                .query((rs, n) ->
                        new Email(rs.getString(1), rs.getTimestamp(2) != null, Locale.forLanguageTag(rs.getString(3))))
                .optional();
    }

    /** Sets an unverified address, replacing any earlier one (verified or not). */
    void set(UUID accountId, String address, Locale locale) {
        this.jdbc
                .sql("INSERT INTO account_email (account_id, address, verified_at, locale, updated_at)"
                        + " VALUES (?, ?, NULL, ?, ?) ON CONFLICT (account_id) DO UPDATE SET address = excluded.address,"
                        + " verified_at = NULL, locale = excluded.locale, updated_at = excluded.updated_at")
                .params(accountId, address, locale.toLanguageTag(), Timestamp.from(this.clock.instant()))
                .update();
    }

    /**
     * Marks the account's address verified if it still is {@code address}.
     *
     * @return false when the account's address changed since (or is gone)
     * @throws org.springframework.dao.DataIntegrityViolationException when another account verified it first
     */
    boolean markVerified(UUID accountId, String address) {
        return this.jdbc
                        .sql("UPDATE account_email SET verified_at = ?, updated_at = ?"
                                + " WHERE account_id = ? AND address = ? AND verified_at IS NULL")
                        .params(
                                Timestamp.from(this.clock.instant()),
                                Timestamp.from(this.clock.instant()),
                                accountId,
                                address)
                        .update()
                == 1;
    }

    /** The account whose verified address this is, compared case-insensitively. */
    Optional<UUID> findVerifiedOwner(String address) {
        return this.jdbc
                .sql("SELECT account_id FROM account_email WHERE lower(address) = lower(?) AND verified_at IS NOT NULL")
                .param(address)
                .query(UUID.class)
                .optional();
    }
}
