package dev.tessera.auth.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log of security events in auth-service's database, for administrators. Callers pass ids, a
 * client address and short fixed texts only: never a password, a token, a passport or a username typed at a
 * failed login (people type passwords into the username field).
 */
@Service
public class AuditLog {

    /** What happened. */
    public enum Type {
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        REFRESH_REUSE_DETECTED,
        ACCOUNT_DISABLED,
        ACCOUNT_ENABLED,
        ROLES_CHANGED,
        KEY_ROTATED,
        KEY_PUBLISHED,
        KEY_RETIRED,
        CLIENT_REGISTERED,
        CLIENT_SECRET_ROTATED,
        CLIENT_DISABLED,
        CLIENT_ENABLED,
        /** A client from {@code tessera.auth.clients} inserted or changed at start-up. */
        CLIENT_CONFIGURED,
        /** A failed client authentication at the token endpoint (unknown id, wrong secret, disabled). */
        CLIENT_AUTHENTICATION_FAILED,
        /** The account's e-mail address was set or changed (unverified until its link is used). */
        EMAIL_CHANGED,
        EMAIL_VERIFIED,
        /** A password-reset link went out; the actor is the administrator who sent it, if one did. */
        PASSWORD_RESET_REQUESTED,
        /** A password-reset link set a new password; every session of the account ended. */
        PASSWORD_RESET,
        /** The password of a login was right and the account has a second factor: a challenge went out. */
        LOGIN_SECOND_FACTOR_REQUIRED,
        /** A wrong, reused or replayed second-factor code at a login's second step. */
        LOGIN_SECOND_FACTOR_FAILED,
        /** TOTP was confirmed and enabled; a first set of recovery codes went out. */
        TOTP_ENABLED,
        /** TOTP was disabled (with the password) and the recovery codes deleted. */
        TOTP_DISABLED,
        /** A new set of recovery codes replaced the old one. */
        RECOVERY_CODES_RENEWED,
        /** The account's owner signed one of its sessions out from the list of sessions; the detail names its sid. */
        SESSION_ENDED,
        /** The account's owner signed out every session from the list of sessions ("sign out everywhere"). */
        SESSIONS_ENDED,
        /** An administrator defined a role; the detail names it and its permissions. */
        ROLE_CREATED,
        /** An administrator replaced a role's description and permissions; the detail names the new permissions. */
        ROLE_CHANGED,
        /** An administrator deleted a role no account held; the detail names it. */
        ROLE_DELETED,
        /** A passkey was registered; the detail names its id. */
        PASSKEY_REGISTERED,
        /** A passkey was removed by its owner; the detail names its id. */
        PASSKEY_REMOVED,
        /**
         * A passkey's signature counter did not increase: possibly a cloned authenticator. The login was refused;
         * the detail names the passkey and both counter values.
         */
        PASSKEY_SIGN_COUNT_INVALID,
        /** A login's second step presented a passkey of another account; the account is the one logging in. */
        PASSKEY_FOREIGN_CREDENTIAL
    }

    /** One event as administrators read it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(
            long id,
            @JsonProperty("occurred_at") Instant occurredAt,
            String type,
            @JsonProperty("account_id") UUID accountId,
            @JsonProperty("actor_id") UUID actorId,
            String address,
            String detail) {}

    /** A page of events, newest first. */
    public record Page(
            List<Event> items,
            int page,
            int size,
            @JsonProperty("total_items") long totalItems) {}

    private final JdbcClient jdbc;

    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an event; joins the caller's transaction if there is one. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(Type type, UUID accountId, UUID actorId, String address, String detail) {
        this.jdbc
                .sql("INSERT INTO audit_event (occurred_at, type, account_id, actor_id, address, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .param(Timestamp.from(this.clock.instant()))
                .param(type.name())
                .param(accountId)
                .param(actorId)
                .param(truncate(address, 64))
                .param(truncate(detail, 200))
                .update();
    }

    /**
     * Events newest first, only those of {@code type} and about {@code accountId} when these are given (null: any).
     * The values go in as parameters, never into the SQL text; each filter has an index (V17).
     */
    @Transactional(readOnly = true)
    public Page page(Type type, UUID accountId, int page, int size) {
        // Only the conditions given, so the planner sees plain equalities it can match to an index.
        List<Object> values = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        if (type != null) {
            conditions.add("type = ?");
            values.add(type.name());
        }
        if (accountId != null) {
            conditions.add("account_id = ?");
            values.add(accountId);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        long total = this.jdbc
                .sql("SELECT count(*) FROM audit_event" + where)
                .params(values)
                .query(Long.class)
                .single();
        List<Object> paged = new ArrayList<>(values);
        paged.add(size);
        paged.add((long) page * size);
        List<Event> items = this.jdbc
                .sql("SELECT id, occurred_at, type, account_id, actor_id, address, detail FROM audit_event" + where
                        + " ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(paged)
                .query((rs, n) -> new Event(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("type"),
                        rs.getObject("account_id", UUID.class),
                        rs.getObject("actor_id", UUID.class),
                        rs.getString("address"),
                        rs.getString("detail")))
                .list();
        return new Page(items, page, size, total);
    }

    void purgeBefore(Instant cutoff) {
        this.jdbc
                .sql("DELETE FROM audit_event WHERE occurred_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private static String truncate(String text, int max) {
        return (text == null || text.length() <= max) ? text : text.substring(0, max);
    }
}
