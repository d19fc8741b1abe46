package dev.tessera.auth.factor;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.account.SecondFactorPresence;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.passkey.Passkeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An account's second factors: one TOTP credential (RFC 6238) and a set of single-use recovery codes.
 *
 * <p>Enrolment has two steps so that a mistyped or unscanned secret never locks anyone out: {@link #begin} stores a
 * <em>pending</em> credential and hands its secret out once; {@link #confirm} enables it only when a code computed
 * from it is right, and answers the first recovery codes, the only time they are shown. Every accepted code moves
 * the credential's {@code last_used_step}, under a row lock, so no code is accepted twice, whether two requests race
 * or a code is replayed later within its window.
 *
 * <p>The TOTP secret is stored as-is: checking a code needs it. Recovery codes are stored as SHA-256 ({@link
 * RecoveryCodes} says why that is enough).
 */
@Service
public class SecondFactors implements SecondFactorPresence {

    private static final Logger log = LoggerFactory.getLogger(SecondFactors.class);

    /** The issuer authenticator apps show next to the account name. */
    static final String ISSUER = "Tessera";

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How long an enrolment waits for its first code. The secret was shown once, on a page someone may have left
     * open: an enrolment nobody confirmed within this time cannot be confirmed later (begin a new one).
     */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final AuditLog audit;

    private final Passkeys passkeys;

    SecondFactors(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, AuditLog audit, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.audit = audit;
    }

    /** What an enrolment hands out, once: the secret three ways (typed, as a link, as a QR code). */
    public record Enrolment(
            String secret,
            @JsonProperty("otpauth_uri") String otpauthUri,
            @JsonProperty("qr_code_svg") String qrCodeSvg) {

        @Override
        public String toString() {
            return "Enrolment[<redacted>]";
        }
    }

    /** A new set of recovery codes, shown once. */
    public record RecoveryCodeSet(
            @JsonProperty("recovery_codes") List<String> codes) {

        @Override
        public String toString() {
            return "RecoveryCodeSet[<redacted>]";
        }
    }

    /**
     * What an account has.
     *
     * @param totp {@code enabled}, {@code pending} (enrolment begun, not confirmed) or {@code none}
     * @param recoveryCodesLeft unused recovery codes
     * @param passkeys registered passkeys (the list: {@code GET /auth/me/passkeys})
     */
    public record Status(
            String totp,
            @JsonProperty("recovery_codes_left") int recoveryCodesLeft,
            int passkeys) {}

    /**
     * Begins an enrolment: a new random secret, pending until confirmed; it replaces an earlier pending one (whose
     * secret then stops working).
     *
     * @param username the account's name, the label authenticator apps show
     * @throws TotpAlreadyEnabledException when the account has TOTP enabled (409): disable it first
     */
    public Enrolment begin(UUID accountId, String username) {
        byte[] secret = new byte[TotpCodes.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        // One statement: a pending row is replaced, an enabled one is left alone (no row written, so 0).
        int written = this.jdbc
                .sql("""
                        insert into totp_credential (account_id, secret, created_at) values (:account, :secret, :now)
                        on conflict (account_id) do update
                            set secret = excluded.secret, created_at = excluded.created_at, last_used_step = null
                            where totp_credential.enabled_at is null""")
                .param("account", accountId)
                .param("secret", secret)
                .param("now", Timestamp.from(this.clock.instant()))
                .update();
        if (written == 0) {
            throw new TotpAlreadyEnabledException();
        }
        String encoded = Base32.encode(secret);
        String uri = otpauthUri(username, encoded);
        return new Enrolment(encoded, uri, QrCodes.svg(uri));
    }

    /**
     * Enables the pending credential if the code is right for it, and answers the first set of recovery codes. The
     * code's step counts as used: it cannot also complete a login.
     *
     * @return the recovery codes, or empty when the code is wrong (nothing changes)
     * @throws TotpNotPendingException when there is no enrolment to confirm (409)
     * @throws TotpAlreadyEnabledException when TOTP is enabled already (409)
     */
    public Optional<RecoveryCodeSet> confirm(UUID accountId, String code) {
        return this.transactions.execute(status -> {
            Credential credential = lock(accountId).orElseThrow(TotpNotPendingException::new);
            if (credential.enabled()) {
                throw new TotpAlreadyEnabledException();
            }
            Instant now = this.clock.instant();
            if (!now.isBefore(credential.createdAt().plus(PENDING_LIFETIME))) {
                throw new TotpNotPendingException();
            }
            OptionalLong step = TotpCodes.match(credential.secret(), code, now, credential.lastUsedStep());
            if (step.isEmpty()) {
                return Optional.empty();
            }
            this.jdbc
                    .sql(
                            "update totp_credential set enabled_at = :now, last_used_step = :step where account_id = :account")
                    .param("now", Timestamp.from(now))
                    .param("step", step.getAsLong())
                    .param("account", accountId)
                    .update();
            RecoveryCodeSet codes = replaceRecoveryCodes(accountId, now);
            this.audit.record(AuditLog.Type.TOTP_ENABLED, accountId, accountId, null, null);
            log.info("Account {} enabled TOTP", accountId);
            return Optional.of(codes);
        });
    }

    /**
     * A new set of recovery codes for an account with TOTP enabled, if the TOTP code is right; the old set stops
     * working in the same transaction.
     *
     * @return the new codes, or empty when the code is wrong or replayed (nothing changes)
     * @throws TotpNotEnabledException when the account has no enabled TOTP (409)
     */
    public Optional<RecoveryCodeSet> renewRecoveryCodes(UUID accountId, String code) {
        return this.transactions.execute(status -> {
            Credential credential =
                    lock(accountId).filter(Credential::enabled).orElseThrow(TotpNotEnabledException::new);
            Instant now = this.clock.instant();
            if (!accept(accountId, credential, code, now)) {
                return Optional.empty();
            }
            RecoveryCodeSet codes = replaceRecoveryCodes(accountId, now);
            this.audit.record(AuditLog.Type.RECOVERY_CODES_RENEWED, accountId, accountId, null, null);
            log.info("Account {} renewed its recovery codes", accountId);
            return Optional.of(codes);
        });
    }

    /**
     * Removes the TOTP credential (enabled or pending) and every recovery code. The caller has re-authenticated.
     *
     * @return whether there was a credential
     */
    public boolean disable(UUID accountId) {
        return Boolean.TRUE.equals(this.transactions.execute(status -> {
            int removed = this.jdbc
                    .sql("delete from totp_credential where account_id = :account")
                    .param("account", accountId)
                    .update();
            // The recovery codes stand in for any second factor: they stay while a passkey does.
            if (this.passkeys.count(accountId) == 0) {
                deleteRecoveryCodes(accountId);
            }
            if (removed > 0) {
                this.audit.record(AuditLog.Type.TOTP_DISABLED, accountId, accountId, null, null);
                log.info("Account {} disabled TOTP", accountId);
            }
            return removed > 0;
        }));
    }

    /**
     * Ten recovery codes for an account whose first second factor is a passkey (TOTP's confirmation issues them
     * otherwise), so that losing the authenticator does not lock its owner out; empty when the account has a
     * second factor already, or unused codes.
     */
    public Optional<RecoveryCodeSet> recoveryCodesForFirstPasskey(UUID accountId) {
        return this.transactions.execute(status -> {
            if (totpEnabled(accountId) || this.passkeys.count(accountId) != 1 || unusedRecoveryCodes(accountId) > 0) {
                return Optional.<RecoveryCodeSet>empty();
            }
            return Optional.of(replaceRecoveryCodes(accountId, this.clock.instant()));
        });
    }

    /**
     * Removes a passkey of the account; with it the recovery codes, when it was the last second factor.
     *
     * @throws dev.tessera.auth.passkey.PasskeyNotFoundException when the account has no such passkey (404)
     */
    public void removePasskey(UUID accountId, UUID passkeyId) {
        this.transactions.executeWithoutResult(status -> {
            this.passkeys.remove(accountId, passkeyId);
            if (this.passkeys.count(accountId) == 0 && !totpEnabled(accountId)) {
                deleteRecoveryCodes(accountId);
            }
        });
    }

    private void deleteRecoveryCodes(UUID accountId) {
        this.jdbc
                .sql("delete from recovery_code where account_id = :account")
                .param("account", accountId)
                .update();
    }

    private boolean totpEnabled(UUID accountId) {
        return this.jdbc
                .sql("select exists (select 1 from totp_credential where account_id = :account"
                        + " and enabled_at is not null)")
                .param("account", accountId)
                .query(Boolean.class)
                .single();
    }

    private int unusedRecoveryCodes(UUID accountId) {
        return this.jdbc
                .sql("select count(*) from recovery_code where account_id = :account and used_at is null")
                .param("account", accountId)
                .query(Integer.class)
                .single();
    }

    public Status status(UUID accountId) {
        String totp = this.jdbc
                .sql("select case when enabled_at is not null then 'enabled'"
                        + " when created_at > :cutoff then 'pending' else 'none' end"
                        + " from totp_credential where account_id = :account")
                .param("account", accountId)
                .param("cutoff", Timestamp.from(this.clock.instant().minus(PENDING_LIFETIME)))
                .query(String.class)
                .optional()
                .orElse("none");
        return new Status(totp, unusedRecoveryCodes(accountId), this.passkeys.count(accountId));
    }

    @Override
    public boolean hasSecondFactor(UUID accountId) {
        return !methods(accountId).isEmpty();
    }

    /**
     * What a login's second step of this account accepts, in the names of the 401 {@code second-factor-required}
     * answer: {@code totp} and {@code recovery_code} with TOTP enabled, {@code passkey} with a passkey registered.
     * Empty: the password alone logs in.
     */
    public List<String> methods(UUID accountId) {
        boolean totp = totpEnabled(accountId);
        boolean passkey = this.passkeys.count(accountId) > 0;
        List<String> methods = new ArrayList<>();
        if (totp) {
            methods.add("totp");
            methods.add("recovery_code");
        }
        if (passkey) {
            methods.add("passkey");
            // An account whose first second factor was a passkey got recovery codes too.
            if (!totp && unusedRecoveryCodes(accountId) > 0) {
                methods.add("recovery_code");
            }
        }
        return List.copyOf(methods);
    }

    /**
     * Accepts a TOTP code for a login's second step, inside the caller's transaction: right for a step within one
     * of now, and later than any step accepted before (that step is then used up).
     */
    public boolean acceptTotp(UUID accountId, String code) {
        return lock(accountId)
                .filter(Credential::enabled)
                .map(credential -> accept(accountId, credential, code, this.clock.instant()))
                .orElse(false);
    }

    /** Uses up a recovery code of the account, inside the caller's transaction; false if it is not an unused one. */
    public boolean acceptRecoveryCode(UUID accountId, String code) {
        Optional<byte[]> hash = RecoveryCodes.hash(code);
        if (hash.isEmpty()) {
            return false;
        }
        // The row is locked by the update: of two concurrent uses of one code, one updates and the other finds
        // used_at set when the first commits.
        return this.jdbc
                        .sql("""
                                update recovery_code set used_at = :now
                                where account_id = :account and code_hash = :hash and used_at is null""")
                        .param("now", Timestamp.from(this.clock.instant()))
                        .param("account", accountId)
                        .param("hash", hash.get())
                        .update()
                == 1;
    }

    private boolean accept(UUID accountId, Credential credential, String code, Instant now) {
        OptionalLong step = TotpCodes.match(credential.secret(), code, now, credential.lastUsedStep());
        if (step.isEmpty()) {
            return false;
        }
        this.jdbc
                .sql("update totp_credential set last_used_step = :step where account_id = :account")
                .param("step", step.getAsLong())
                .param("account", accountId)
                .update();
        return true;
    }

    private RecoveryCodeSet replaceRecoveryCodes(UUID accountId, Instant now) {
        this.jdbc
                .sql("delete from recovery_code where account_id = :account")
                .param("account", accountId)
                .update();
        List<String> codes = RecoveryCodes.generate();
        for (String code : codes) {
            this.jdbc
                    .sql("insert into recovery_code (account_id, code_hash, created_at) values (:account, :hash, :now)")
                    .param("account", accountId)
                    .param("hash", RecoveryCodes.hash(code).orElseThrow())
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return new RecoveryCodeSet(codes);
    }

    /** The credential row, locked until the transaction ends. */
    private Optional<Credential> lock(UUID accountId) {
        return this.jdbc
                .sql("select secret, enabled_at is not null, last_used_step, created_at from totp_credential"
                        + " where account_id = :account for update")
                .param("account", accountId)
                .query((rs, n) -> new Credential(
                        rs.getBytes(1),
                        rs.getBoolean(2),
                        (Long) rs.getObject(3, Long.class),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /**
     * The {@code otpauth://} URI of Google Authenticator's key URI format, which every authenticator app reads:
     * label {@code Tessera:<username>}, with the issuer repeated as a parameter (apps use either) and the defaults
     * spelled out.
     */
    static String otpauthUri(String username, String secret) {
        String label = encode(ISSUER) + ":" + encode(username);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(ISSUER) + "&algorithm=SHA1&digits="
                + TotpCodes.DIGITS + "&period=" + TotpCodes.STEP.getSeconds();
    }

    private static String encode(String value) {
        // URLEncoder writes form encoding: a space becomes '+', which a URI path must spell %20.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Credential(byte[] secret, boolean enabled, Long lastUsedStep, Instant createdAt) {}
}
