package dev.tessera.auth.device;

import dev.tessera.auth.account.Username;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Known devices (OWASP "device cookies"): a successful login hands out a device token, and a later login
 * that presents it for the same account is throttled only by that device's own counter, never by limits an
 * attacker elsewhere can fill. A device token is never a credential: it changes which throttle counters a
 * login is charged to, nothing else.
 *
 * <p>A token is 256 random bits (43 base64url characters); only its SHA-256 is stored, with the account,
 * when the device was first and last used and when it is forgotten. A stored random value rather than an
 * HMAC-signed one: a row can be looked up, rotated, counted per account and forgotten one by one, and there
 * is no signing key to manage or leak; the look-up it costs is one primary-key-sized index probe, only when a
 * token is presented.
 *
 * <p>Every successful login rotates the token it presented (same device row, new value, so the device keeps
 * its throttle history) and slides its expiry: a copy taken from a device stops working as soon as the
 * device logs in again. A token is recognised only together with the username it was issued for, in one
 * statement that costs the same whether the name exists or not.
 */
@Service
public class KnownDevices {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    private final DeviceProperties properties;

    private final Clock clock;

    KnownDevices(JdbcClient jdbc, DeviceProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The device a token stands for, if the token is live and was issued to the account with this username;
     * empty for anything else (absent, malformed, unknown, expired, another account's). Never throws for bad
     * input.
     */
    public Optional<UUID> recognise(String token, String rawUsername) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<Username> username = Username.tryParse(rawUsername);
        if (username.isEmpty()) {
            return Optional.empty();
        }
        return this.jdbc
                .sql("""
                        select d.id from known_device d join account a on a.id = d.account_id
                        where d.token_hash = :hash and a.username = :username and d.expires_at > :now""")
                .param("hash", hash(token))
                .param("username", username.get().value())
                .param("now", Timestamp.from(this.clock.instant()))
                .query(UUID.class)
                .optional();
    }

    /**
     * Remembers the device of a successful login, inside the caller's transaction, and returns the token
     * to hand back: the recognised device gets a new value (rotation), any other login a new device. The
     * least recently used devices beyond {@code max-per-account} are forgotten.
     *
     * @param recognised the device the login presented a valid token for, or {@code null}
     */
    public String remember(UUID accountId, UUID recognised) {
        Instant now = this.clock.instant();
        Instant expiresAt = now.plus(this.properties.lifetime());
        String token = newToken();
        int rotated = 0;
        if (recognised != null) {
            rotated = this.jdbc
                    .sql("""
                            update known_device set token_hash = :hash, last_used_at = :now, expires_at = :expires
                            where id = :id and account_id = :account""")
                    .param("hash", hash(token))
                    .param("now", Timestamp.from(now))
                    .param("expires", Timestamp.from(expiresAt))
                    .param("id", recognised)
                    .param("account", accountId)
                    .update();
        }
        if (rotated == 0) {
            // A new device, or one forgotten since it was recognised (a concurrent login pushed it out).
            this.jdbc
                    .sql("""
                            insert into known_device (id, account_id, token_hash, created_at, last_used_at, expires_at)
                            values (:id, :account, :hash, :now, :now, :expires)""")
                    .param("id", UUID.randomUUID())
                    .param("account", accountId)
                    .param("hash", hash(token))
                    .param("now", Timestamp.from(now))
                    .param("expires", Timestamp.from(expiresAt))
                    .update();
            this.jdbc
                    .sql("""
                            delete from known_device where account_id = :account and id not in (
                                select id from known_device where account_id = :account
                                order by last_used_at desc, id limit :keep)""")
                    .param("account", accountId)
                    .param("keep", this.properties.maxPerAccount())
                    .update();
        }
        return token;
    }

    /** Deletes devices past their expiry. */
    int purgeExpired() {
        return this.jdbc
                .sql("delete from known_device where expires_at <= :now")
                .param("now", Timestamp.from(this.clock.instant()))
                .update();
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
