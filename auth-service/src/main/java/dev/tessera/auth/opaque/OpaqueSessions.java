package dev.tessera.auth.opaque;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.token.IssuedAccessToken;
import dev.tessera.auth.token.SignIn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Scheme A: opaque session tokens. A token is 256 random bits (43 base64url characters, no dots, so
 * the gateway tells it from a JWT by its shape); only its SHA-256 is stored, with the account, the
 * absolute expiry and the idle timeout.
 *
 * <p>Scheme A promises immediate revocation, so introspection answers from the account's state <em>now</em>,
 * never from a copy taken at login: a session is alive while its row exists, it has neither expired nor
 * idled out, its refresh family (the {@code sid}) is not revoked, and its account is enabled; the roles it
 * reports are the account's current roles. Logout, logout everywhere, a password change, disabling the
 * account and refresh-token reuse revoke families (in the same transaction as the change they follow);
 * a role change or disabling the account is seen through the account row. Each takes effect at the very
 * next introspection with no separate bookkeeping. Introspection is one primary-key look-up joined to the
 * family and account rows (the account table belongs to the {@code account} package; this read-only join
 * is the one exception, because it is on every scheme A request).
 */
@Service
public class OpaqueSessions {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final OpaqueProperties properties;

    private final Clock clock;

    private final Optional<RedisSessionStore> redis;

    OpaqueSessions(JdbcClient jdbc, OpaqueProperties properties, Clock clock, Optional<RedisSessionStore> redis) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.redis = redis;
    }

    /**
     * Issues a session token for a family, inside the caller's transaction (the family row must already
     * be written: the session references it). With the Redis store on, the session is written there too, before
     * the transaction commits ({@link RedisSessionStore}).
     *
     * @param signIn how and when the family's login authenticated ({@code amr}, {@code auth_time})
     */
    public IssuedAccessToken issue(AccountIdentity account, UUID familyId, Instant familyExpiresAt, SignIn signIn) {
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        Instant expiresAt = now.plus(this.properties.lifetime());
        if (familyExpiresAt.isBefore(expiresAt)) {
            expiresAt = familyExpiresAt;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] hash = hash(value);
        this.jdbc
                .sql("""
                        insert into opaque_session (token_hash, family_id, account_id, username,
                            created_at, expires_at, idle_timeout, last_used_at)
                        values (:hash, :family, :account, :username, :now, :expires, :idle, :now)""")
                .param("hash", hash)
                .param("family", familyId)
                .param("account", account.id())
                .param("username", account.username())
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .param("idle", (int) this.properties.idleTimeout().toSeconds())
                .update();
        if (this.redis.isPresent()) {
            this.redis
                    .get()
                    .write(
                            hash,
                            new Introspection(
                                    true,
                                    account.id().toString(),
                                    account.username(),
                                    account.roleNames(),
                                    expiresAt.getEpochSecond(),
                                    familyId.toString(),
                                    signIn.methods(),
                                    signIn.at().getEpochSecond()),
                            now,
                            expiresAt);
        }
        return new IssuedAccessToken(value, now, expiresAt);
    }

    /** The live session a token stands for, or inactive; never throws for bad input. */
    Introspection introspect(String token) {
        return active(token)
                .map(session -> new Introspection(
                        true,
                        session.accountId().toString(),
                        session.username(),
                        session.roles(),
                        session.expiresAt().getEpochSecond(),
                        session.familyId().toString(),
                        session.amr(),
                        session.authTime().getEpochSecond()))
                .orElse(Introspection.INACTIVE);
    }

    /**
     * When a gateway reading sessions from Redis last saw one of each family's tokens used (to within the touch
     * interval), for the account's list of sessions; no entry for a family without the Redis store, or when Redis
     * knows nothing of it.
     */
    public Map<UUID, Instant> lastTouched(List<UUID> familyIds) {
        return this.redis
                .map(store -> store.lastTouched(familyIds, this.clock.instant()))
                .orElse(Map.of());
    }

    /**
     * The live session a token stands for, as of now (see the class comment); empty for anything else, never an
     * exception for bad input. A hit counts as a use for the idle timeout, whoever asks.
     */
    public Optional<ActiveSession> active(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] hash = hash(token);
        Instant now = this.clock.instant();
        Optional<Row> found = this.jdbc
                .sql("""
                        select s.account_id, a.username,
                            (select string_agg(r.role, ',' order by r.role) from account_role r
                                where r.account_id = a.id) as roles,
                            s.family_id, s.expires_at, s.idle_timeout, s.last_used_at, s.created_at,
                            f.amr, f.created_at
                        from opaque_session s
                            join refresh_family f on f.id = s.family_id
                            join account a on a.id = s.account_id
                        where s.token_hash = :hash and f.revoked_at is null and f.expires_at > :now
                            and a.enabled""")
                .param("hash", hash)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Row(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getTimestamp(5).toInstant(),
                        rs.getInt(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant(),
                        rs.getString(9),
                        rs.getTimestamp(10).toInstant()))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        if (!row.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        boolean idle = !row.lastUsedAt().plusSeconds(row.idleTimeout()).isAfter(now);
        if (idle || !row.lastUsedAt().plus(this.properties.touchInterval()).isAfter(now)) {
            // With the Redis store on, gateways reading it keep the session alive by its key's TTL and never write
            // last_used_at: a session idle by PostgreSQL's clock is alive while its key is (and the touch moves the
            // key's TTL forward for them in turn). One script call, on the same rare requests as the write below.
            boolean aliveInRedis =
                    this.redis.map(store -> store.touch(hash, now)).orElse(false);
            if (idle && !aliveInRedis) {
                return Optional.empty();
            }
            // The session's (family's) last use for the user's list of sessions rides on the token's touch: one
            // statement, and only on the request that finds the token untouched for a touch interval (1 min by
            // default), so scheme A's hot path stays a read on every other request. The family is written only if
            // its time moves forward (another token of it, or a refresh, may be newer).
            this.jdbc
                    .sql("""
                            with touched as (
                                update opaque_session set last_used_at = :now
                                where token_hash = :hash and last_used_at < :now
                                returning family_id)
                            update refresh_family set last_used_at = :now
                            where id in (select family_id from touched) and last_used_at < :now""")
                    .param("now", Timestamp.from(now))
                    .param("hash", hash)
                    .update();
        }
        List<String> roles = (row.roles() == null || row.roles().isEmpty())
                ? List.of()
                : Arrays.asList(row.roles().split(","));
        return Optional.of(new ActiveSession(
                row.accountId(),
                row.username(),
                List.copyOf(roles),
                row.familyId(),
                row.createdAt(),
                row.expiresAt(),
                List.of(row.amr().split(",")),
                row.authTime()));
    }

    /**
     * A live session.
     *
     * @param accountId the account
     * @param username its canonical username
     * @param roles its roles now
     * @param familyId the refresh family (login) it belongs to, the {@code sid}
     * @param issuedAt when the token was issued
     * @param expiresAt when it stops working at the latest (idle timeout aside)
     * @param amr how the login of its family authenticated (RFC 8176 values)
     * @param authTime when that login completed (the family's start)
     */
    public record ActiveSession(
            UUID accountId,
            String username,
            List<String> roles,
            UUID familyId,
            Instant issuedAt,
            Instant expiresAt,
            List<String> amr,
            Instant authTime) {}

    /** Deletes sessions that expired or idled out (revoked families' sessions go with their family). */
    int cleanUp() {
        Instant now = this.clock.instant();
        if (this.redis.isPresent()) {
            // Gateways reading Redis keep a session alive there without writing last_used_at: only its expiry is
            // certain here (active() asks Redis before calling such a row idle).
            return this.jdbc
                    .sql("delete from opaque_session where expires_at <= :now")
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return this.jdbc.sql("""
                        delete from opaque_session
                        where expires_at <= :now
                            or last_used_at + make_interval(secs => idle_timeout) <= :now""").param("now", Timestamp.from(now)).update();
    }

    private static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Row(
            UUID accountId,
            String username,
            String roles,
            UUID familyId,
            Instant expiresAt,
            int idleTimeout,
            Instant lastUsedAt,
            Instant createdAt,
            String amr,
            Instant authTime) {}
}
