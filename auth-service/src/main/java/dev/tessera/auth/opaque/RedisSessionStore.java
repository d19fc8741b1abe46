package dev.tessera.auth.opaque;

import dev.tessera.auth.revocation.RevocationRecorded;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheme A's sessions copied to Redis, so that a gateway reads them there instead of asking auth-service (issue 18,
 * target 6). PostgreSQL stays the source of truth for accounts and refresh families; Redis holds, per live opaque
 * token, what the gateway needs to mint a passport, and nothing else decides whether a token is alive at such a
 * gateway.
 *
 * <p>Keys (all under the configured prefix; never the token itself, only its SHA-256):
 *
 * <ul>
 *   <li>{@code s:<base64url(SHA-256(token))>}: a hash with {@code body} (the answer {@code /internal/introspect}
 *       would give, JSON), {@code exp} (epoch seconds), {@code idle} and {@code touch} (seconds). Its TTL is the idle
 *       timeout, never beyond the expiry; the gateway moves it forward on use (at most once per {@code touch}).
 *   <li>{@code f:<family id>} and {@code a:<account id>}: sets of the session keys of a refresh family and of an
 *       account, living as long as their longest session, so that a revocation finds every session to delete.
 * </ul>
 *
 * <p>Writes happen inside the PostgreSQL transaction, before it commits: a session written for a transaction that
 * then rolls back is a key nobody holds the token of (256 random bits), harmless until it expires, while a session
 * written after commit could land after a concurrent revocation had deleted its family's keys. Revocations delete
 * inside their transaction too ({@link RevocationRecorded}); if Redis cannot be reached the revocation fails and
 * rolls back (503), rather than leave a session alive in a Redis that keeps its data. A user-level revocation
 * (logout everywhere, password change or reset, role change, disabled account) deletes every session of the
 * account, as it refuses every JWT of the account: a client still holding a live refresh token gets a new session
 * (with the current roles) by refreshing.
 *
 * <p>The scripts touch keys read from a set, so they need one Redis server (or a primary with replicas), not a
 * Redis Cluster.
 */
final class RedisSessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

    private static final RedisScript<Long> WRITE = RedisScript.of("""
            redis.call('HSET', KEYS[1], 'body', ARGV[1], 'exp', ARGV[2], 'idle', ARGV[3], 'touch', ARGV[4])
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            for i = 2, 3 do
              redis.call('SADD', KEYS[i], KEYS[1])
              if redis.call('TTL', KEYS[i]) < tonumber(ARGV[6]) then redis.call('EXPIRE', KEYS[i], ARGV[6]) end
            end
            return 1
            """, Long.class);

    private static final RedisScript<Long> END = RedisScript.of("""
            local members = redis.call('SMEMBERS', KEYS[1])
            for _, key in ipairs(members) do redis.call('DEL', key) end
            redis.call('DEL', KEYS[1])
            return #members
            """, Long.class);

    /**
     * KEYS the families' sets of session keys; ARGV[1] now (epoch seconds). Per family, in the order of KEYS, the
     * latest time a gateway set one of its sessions' TTL to the full idle timeout (at login, refresh, or a use past the
     * touch interval): now − (idle − TTL). Skips a session whose TTL was cut to its expiry (then TTL = exp − now and
     * says nothing of its last use). −1 for a family with none.
     */
    @SuppressWarnings("rawtypes") // a Lua table comes back as a List of Longs
    private static final RedisScript<List> LAST_TOUCH = RedisScript.of("""
            local now, latest = tonumber(ARGV[1]), {}
            for i, family in ipairs(KEYS) do
              latest[i] = -1
              for _, key in ipairs(redis.call('SMEMBERS', family)) do
                local v = redis.call('HMGET', key, 'exp', 'idle')
                local ttl = redis.call('TTL', key)
                if v[1] and ttl > 0 and tonumber(v[1]) - now > ttl + 1 then
                  latest[i] = math.max(latest[i], now - (tonumber(v[2]) - ttl))
                end
              end
            end
            return latest
            """, List.class);

    /**
     * KEYS[1] a session; ARGV[1] now (epoch seconds). What a gateway does on a use past the touch interval: the key's
     * TTL back to the idle timeout, never beyond the session's expiry. 1 when the session is there, 0 when it is not
     * (idled out at the gateways, expired or deleted: EXPIRE never brings a key back).
     */
    private static final RedisScript<Long> TOUCH = RedisScript.of("""
            local v = redis.call('HMGET', KEYS[1], 'exp', 'idle')
            if not v[1] then return 0 end
            local left = tonumber(v[1]) - tonumber(ARGV[1])
            if left <= 0 then return 0 end
            return redis.call('EXPIRE', KEYS[1], math.min(tonumber(v[2]), left))
            """, Long.class);

    private final StringRedisTemplate redis;

    private final JsonMapper json;

    private final String prefix;

    private final OpaqueProperties opaque;

    private final JdbcClient jdbc;

    RedisSessionStore(
            StringRedisTemplate redis,
            JsonMapper json,
            RedisSessionProperties properties,
            OpaqueProperties opaque,
            JdbcClient jdbc) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.json = json;
        this.prefix = properties.keyPrefix();
        this.opaque = opaque;
    }

    /** Writes a session just issued; {@code now} and {@code expiresAt} in whole seconds, as issued. */
    void write(byte[] tokenHash, Introspection session, Instant now, Instant expiresAt) {
        long remaining = Math.max(1, expiresAt.getEpochSecond() - now.getEpochSecond());
        long idle = this.opaque.idleTimeout().toSeconds();
        String key = sessionKey(tokenHash);
        run(
                WRITE,
                List.of(key, familyKey(UUID.fromString(session.sid())), accountKey(UUID.fromString(session.sub()))),
                this.json.writeValueAsString(session),
                Long.toString(expiresAt.getEpochSecond()),
                Long.toString(idle),
                Long.toString(Math.max(1, this.opaque.touchInterval().toSeconds())),
                Long.toString(Math.min(idle, remaining)),
                Long.toString(remaining));
    }

    /**
     * Deletes the sessions a revocation ends, before its transaction commits (see the class comment). Only when the
     * family, or one of the account's unexpired families, is of scheme A (asked of PostgreSQL, in the same
     * transaction): ending a JWT login never needs Redis, so it works while Redis is down.
     */
    @EventListener
    void onRevocation(RevocationRecorded revocation) {
        boolean account = revocation.accountId() != null;
        boolean opaqueFamilies = this.jdbc
                .sql(
                        account
                                ? "SELECT EXISTS (SELECT 1 FROM refresh_family WHERE account_id = ? AND token_format = 'OPAQUE'"
                                        + " AND expires_at > now())"
                                : "SELECT EXISTS (SELECT 1 FROM refresh_family WHERE id = ? AND token_format = 'OPAQUE')")
                .param(account ? revocation.accountId() : revocation.familyId())
                .query(Boolean.class)
                .single();
        if (opaqueFamilies) {
            run(END, List.of(account ? accountKey(revocation.accountId()) : familyKey(revocation.familyId())));
        }
    }

    /**
     * When a gateway last touched one of each family's sessions, to within the touch interval: the gateway reads
     * sessions here and never calls auth-service, so PostgreSQL's {@code last_used_at} only moves at login and refresh;
     * the key's TTL, which the gateway moves forward on use, tells the rest without giving the gateway a write of its
     * own. Per family; a family none of whose sessions is left has no entry, and the map is empty when Redis cannot be
     * read: a list of sessions is PostgreSQL's and still answers, with PostgreSQL's time.
     */
    Map<UUID, Instant> lastTouched(List<UUID> familyIds, Instant now) {
        if (familyIds.isEmpty()) {
            return Map.of();
        }
        try {
            // One script for all of them: an account's list of sessions is one round trip, however many it holds.
            List<?> touched = this.redis.execute(
                    LAST_TOUCH, familyIds.stream().map(this::familyKey).toList(), Long.toString(now.getEpochSecond()));
            if (touched == null) {
                return Map.of();
            }
            Map<UUID, Instant> latest = new HashMap<>();
            for (int i = 0; i < Math.min(familyIds.size(), touched.size()); i++) {
                long epochSecond = ((Number) touched.get(i)).longValue();
                if (epochSecond >= 0) {
                    latest.put(familyIds.get(i), Instant.ofEpochSecond(epochSecond));
                }
            }
            return latest;
        } catch (DataAccessException ex) {
            log.warn(
                    "The Redis session store could not be read for the sessions' last use ({}); showing PostgreSQL's",
                    ex.getClass().getSimpleName());
            return Map.of();
        }
    }

    /**
     * A use of the session seen by auth-service (its own introspection, once per touch interval) moves the key's TTL
     * forward as a gateway's would, so that gateways reading Redis do not idle out a session that auth-service's
     * clients keep using; and says whether the key is there, so that auth-service does not idle out a session that
     * only gateways reading Redis used (they never write PostgreSQL's {@code last_used_at}). False when Redis cannot
     * be reached: then PostgreSQL's clock alone decides.
     */
    boolean touch(byte[] tokenHash, Instant now) {
        try {
            Long alive = this.redis.execute(TOUCH, List.of(sessionKey(tokenHash)), Long.toString(now.getEpochSecond()));
            return alive != null && alive == 1;
        } catch (DataAccessException ex) {
            log.warn(
                    "The Redis session store could not be reached to touch a session ({}); PostgreSQL's last use decides",
                    ex.getClass().getSimpleName());
            return false;
        }
    }

    String sessionKey(byte[] tokenHash) {
        return this.prefix + "s:" + Base64.getUrlEncoder().withoutPadding().encodeToString(tokenHash);
    }

    private String familyKey(UUID familyId) {
        return this.prefix + "f:" + familyId;
    }

    private String accountKey(UUID accountId) {
        return this.prefix + "a:" + accountId;
    }

    private void run(RedisScript<Long> script, List<String> keys, String... args) {
        try {
            this.redis.execute(script, keys, (Object[]) args);
        } catch (DataAccessException ex) {
            // Keys name hashes and ids only; the exception's message names neither a token nor a secret.
            log.warn(
                    "The Redis session store failed ({}): the request gets 503",
                    ex.getClass().getSimpleName());
            // Whatever Lettuce said (not connected, timed out, refused): the store cannot be trusted to hold
            // what PostgreSQL says, so the operation fails as with the database gone (503), never half done.
            throw new SessionStoreUnavailableException(ex);
        }
    }

    /** Redis could not be written: 503, as for an unreachable database. */
    static final class SessionStoreUnavailableException extends DataAccessResourceFailureException {

        private static final long serialVersionUID = 1L;

        SessionStoreUnavailableException(DataAccessException cause) {
            super("the Redis session store is unavailable", cause);
        }
    }
}
