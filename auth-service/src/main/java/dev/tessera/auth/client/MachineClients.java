package dev.tessera.auth.client;

import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registered machine clients (table {@code machine_client}): registration, secret rotation, enabling and
 * disabling, each audited in the same transaction as the change; and client authentication for the token endpoint.
 * Rotation replaces the secret at once, with no grace period: a client holds its tokens for minutes at most, so the
 * new secret only has to reach it before its next token request, and a leaked secret must stop working now.
 */
@Service
public class MachineClients {

    private static final Logger log = LoggerFactory.getLogger(MachineClients.class);

    private static final String COLUMNS = "client_id, audiences, scopes, enabled, created_at, secret_rotated_at";

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final AuditLog audit;

    private final TokenProperties tokens;

    private final Clock clock;

    MachineClients(
            JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, TokenProperties tokens, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Registers a client with a new secret.
     *
     * @return the client with its secret, shown this once
     * @throws ClientProblems.InvalidClientException (400) when the input breaks a rule
     * @throws ClientProblems.ClientIdTakenException (409) when the id is registered
     */
    public MachineClientView register(String clientId, List<String> audiences, List<String> scopes, UUID actor) {
        ClientRegistration.Result checked = ClientRegistration.check(
                clientId, audiences, scopes, this.tokens.audience(), this.tokens.firstPartyClientId());
        checked.problem().ifPresent(violation -> {
            throw new ClientProblems.InvalidClientException(violation);
        });
        ClientRegistration registration = checked.registration();
        String secret = ClientSecrets.generate();
        Timestamp now = Timestamp.from(this.clock.instant());
        MachineClientView created = this.transactions.execute(status -> {
            int inserted = this.jdbc
                    .sql("INSERT INTO machine_client (client_id, secret_sha256, audiences, scopes, enabled, created_at,"
                            + " secret_rotated_at) VALUES (?, ?, ?, ?, true, ?, ?) ON CONFLICT (client_id) DO NOTHING")
                    .params(
                            registration.clientId(),
                            ClientSecrets.sha256(secret),
                            sorted(registration.audiences()),
                            sorted(registration.scopes()),
                            now,
                            now)
                    .update();
            if (inserted == 0) {
                throw new ClientProblems.ClientIdTakenException();
            }
            this.audit.record(AuditLog.Type.CLIENT_REGISTERED, null, actor, null, "client " + registration.clientId());
            return find(registration.clientId()).orElseThrow();
        });
        log.info("Admin {} registered machine client {}", actor, registration.clientId());
        return created.withSecret(secret);
    }

    /** Every client, by id; never a secret or a hash. */
    public List<MachineClientView> list() {
        return this.jdbc
                .sql("SELECT " + COLUMNS + " FROM machine_client ORDER BY client_id")
                .query(MachineClients::view)
                .list();
    }

    /** @throws ClientProblems.ClientNotFoundException (404) when no client has this id */
    public MachineClientView view(String clientId) {
        return find(clientId).orElseThrow(ClientProblems.ClientNotFoundException::new);
    }

    /**
     * Replaces the secret; the old one stops working at once.
     *
     * @return the client with its new secret, shown this once
     */
    public MachineClientView rotateSecret(String clientId, UUID actor) {
        String secret = ClientSecrets.generate();
        MachineClientView rotated = this.transactions.execute(status -> {
            int updated = this.jdbc
                    .sql("UPDATE machine_client SET secret_sha256 = ?, secret_rotated_at = ? WHERE client_id = ?")
                    .params(ClientSecrets.sha256(secret), Timestamp.from(this.clock.instant()), clientId)
                    .update();
            if (updated == 0) {
                throw new ClientProblems.ClientNotFoundException();
            }
            this.audit.record(AuditLog.Type.CLIENT_SECRET_ROTATED, null, actor, null, "client " + clientId);
            return find(clientId).orElseThrow();
        });
        log.info("Admin {} rotated the secret of machine client {}", actor, clientId);
        return rotated.withSecret(secret);
    }

    /** Enables or disables a client; a disabled client gets {@code invalid_client}, its issued tokens expire. */
    public MachineClientView setEnabled(String clientId, boolean enabled, UUID actor) {
        MachineClientView changed = this.transactions.execute(status -> {
            int updated = this.jdbc
                    .sql("UPDATE machine_client SET enabled = ? WHERE client_id = ?")
                    .params(enabled, clientId)
                    .update();
            if (updated == 0) {
                throw new ClientProblems.ClientNotFoundException();
            }
            this.audit.record(
                    enabled ? AuditLog.Type.CLIENT_ENABLED : AuditLog.Type.CLIENT_DISABLED,
                    null,
                    actor,
                    null,
                    "client " + clientId);
            return find(clientId).orElseThrow();
        });
        log.info("Admin {} {} machine client {}", actor, enabled ? "enabled" : "disabled", clientId);
        return changed;
    }

    /**
     * Authenticates a client by its secret. Unknown, disabled and wrong secret are one outcome to the caller
     * ({@code invalid_client}); the reason is for the audit log only.
     */
    Authentication authenticate(String clientId, String secret) {
        Optional<Stored> stored = ClientRegistration.CLIENT_ID.matcher(clientId).matches()
                ? this.jdbc
                        .sql("SELECT secret_sha256, enabled, audiences, scopes FROM machine_client WHERE client_id = ?")
                        .param(clientId)
                        .query((rs, n) -> new Stored(
                                rs.getBytes("secret_sha256"),
                                rs.getBoolean("enabled"),
                                Set.of(strings(rs, "audiences")),
                                Set.of(strings(rs, "scopes"))))
                        .optional()
                : Optional.empty();
        boolean secretMatches =
                ClientSecrets.matches(secret, stored.map(Stored::secretSha256).orElse(null));
        if (stored.isEmpty()) {
            return new Authentication(Outcome.UNKNOWN_CLIENT, null);
        }
        if (!secretMatches) {
            return new Authentication(Outcome.WRONG_SECRET, null);
        }
        if (!stored.get().enabled()) {
            return new Authentication(Outcome.DISABLED, null);
        }
        return new Authentication(
                Outcome.AUTHENTICATED,
                new ClientRegistration(
                        clientId, stored.get().audiences(), stored.get().scopes()));
    }

    /**
     * Inserts a client from configuration, or updates its hash, audiences and scopes and enables it. One statement,
     * so replicas starting together do not race.
     *
     * @return whether the stored client changed (inserted, or any of those values differed)
     */
    boolean seed(ClientRegistration registration, byte[] secretSha256) {
        Timestamp now = Timestamp.from(this.clock.instant());
        return Boolean.TRUE.equals(this.transactions.execute(status -> {
            int changed = this.jdbc
                    .sql("INSERT INTO machine_client AS c (client_id, secret_sha256, audiences, scopes, enabled,"
                            + " created_at, secret_rotated_at) VALUES (?, ?, ?, ?, true, ?, ?)"
                            + " ON CONFLICT (client_id) DO UPDATE SET secret_sha256 = EXCLUDED.secret_sha256,"
                            + " audiences = EXCLUDED.audiences, scopes = EXCLUDED.scopes, enabled = true,"
                            + " secret_rotated_at = CASE WHEN c.secret_sha256 = EXCLUDED.secret_sha256"
                            + " THEN c.secret_rotated_at ELSE EXCLUDED.secret_rotated_at END"
                            + " WHERE c.secret_sha256 <> EXCLUDED.secret_sha256 OR c.audiences <> EXCLUDED.audiences"
                            + " OR c.scopes <> EXCLUDED.scopes OR NOT c.enabled")
                    .params(
                            registration.clientId(),
                            secretSha256,
                            sorted(registration.audiences()),
                            sorted(registration.scopes()),
                            now,
                            now)
                    .update();
            if (changed > 0) {
                this.audit.record(
                        AuditLog.Type.CLIENT_CONFIGURED, null, null, null, "client " + registration.clientId());
            }
            return changed > 0;
        }));
    }

    /** Whether a client with this id exists and is enabled now. */
    boolean isEnabled(String clientId) {
        return this.jdbc
                .sql("SELECT enabled FROM machine_client WHERE client_id = ?")
                .param(clientId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    String userAudience() {
        return this.tokens.audience();
    }

    String firstPartyClientId() {
        return this.tokens.firstPartyClientId();
    }

    private Optional<MachineClientView> find(String clientId) {
        return this.jdbc
                .sql("SELECT " + COLUMNS + " FROM machine_client WHERE client_id = ?")
                .param(clientId)
                .query(MachineClients::view)
                .optional();
    }

    private static MachineClientView view(ResultSet rs, int row) throws SQLException {
        return new MachineClientView(
                rs.getString("client_id"),
                null,
                List.of(strings(rs, "audiences")),
                List.of(strings(rs, "scopes")),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("secret_rotated_at").toInstant());
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return (array == null) ? new String[0] : (String[]) array.getArray();
    }

    private static String[] sorted(Set<String> values) {
        String[] array = values.toArray(String[]::new);
        Arrays.sort(array);
        return array;
    }

    /** How an authentication ended. */
    enum Outcome {
        AUTHENTICATED,
        UNKNOWN_CLIENT,
        WRONG_SECRET,
        DISABLED
    }

    /** The outcome and, when authenticated, what the client may do. */
    record Authentication(Outcome outcome, ClientRegistration client) {}

    private record Stored(byte[] secretSha256, boolean enabled, Set<String> audiences, Set<String> scopes) {}
}
