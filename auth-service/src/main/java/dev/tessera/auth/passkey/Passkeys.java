package dev.tessera.auth.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.audit.AuditLog;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An account's passkeys (WebAuthn credentials): registration, and the verification of assertions for a login's
 * second step and for a password-less login. webauthn4j parses and verifies every response (CBOR, COSE keys,
 * client data, flags, signature, counter); this class chooses the parameters and keeps the credentials.
 *
 * <p>Choices, each for a reason:
 *
 * <ul>
 *   <li>Registration asks for a <em>discoverable</em> credential ({@code residentKey: required}) with <em>user
 *       verification required</em>: every passkey registered here can then also log in without a password, where
 *       the authenticator's PIN or biometric check is the second factor, so it must be able to do one from the
 *       start. Attestation {@code none}: Tessera trusts no vendor list, and asking for more only costs privacy.
 *   <li>A login's second step asks for user verification only as {@code preferred}: the password is the knowledge
 *       factor there, possession of the key is what the step adds.
 *   <li>A password-less login requires user verification and checks that the {@code userHandle} the authenticator
 *       answers is the handle of the credential's own account.
 *   <li>A signature counter that does not increase (when either side is non-zero) is refused and audited as a
 *       possibly cloned authenticator ({@link AuditLog.Type#PASSKEY_SIGN_COUNT_INVALID}); synced passkeys keep 0.
 * </ul>
 *
 * <p>Nothing here logs a challenge, a ceremony value or a response; failures name their kind only.
 */
@Service
public class Passkeys {

    private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

    /** Passkeys per account: enough for every device and a spare key, bounded so a session cannot grow rows. */
    static final int MAX_PER_ACCOUNT = 20;

    /** What the options say the browser may wait: the ceremony's lifetime. */
    static final long TIMEOUT_MILLIS = PasskeyCeremonies.LIFETIME.toMillis();

    /** ES256, EdDSA, RS256 (in the order authenticators should prefer them): what webauthn4j verifies. */
    private static final List<Long> ALGORITHMS = List.of(-7L, -8L, -257L);

    private static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "smart-card", "hybrid", "internal");

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final AuditLog audit;

    private final PasskeyCeremonies ceremonies;

    private final WebAuthnManager webAuthn;

    private final AttestedCredentialDataConverter credentialData;

    private final RelyingParty relyingParty;

    Passkeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock,
            AuditLog audit,
            PasskeyCeremonies ceremonies,
            WebAuthnManager webAuthn,
            AttestedCredentialDataConverter credentialData,
            RelyingParty relyingParty) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.audit = audit;
        this.ceremonies = ceremonies;
        this.webAuthn = webAuthn;
        this.credentialData = credentialData;
        this.relyingParty = relyingParty;
    }

    /** Where passkeys are valid: the RP ID, its display name, the origins allowed to answer. */
    record RelyingParty(String id, String name, Set<Origin> origins) {}

    /** The answer to an options request: the ceremony to send back and the browser's {@code publicKey}. */
    public record Registration(String ceremony, PublicKeyOptions.Creation publicKey) {

        @Override
        public String toString() {
            return "Registration[<redacted>]";
        }
    }

    /** The answer to a login options request: the ceremony to send back and the browser's {@code publicKey}. */
    public record Login(String ceremony, PublicKeyOptions.Request publicKey) {

        @Override
        public String toString() {
            return "Login[<redacted>]";
        }
    }

    /**
     * How an assertion ended.
     *
     * @param accountId the credential's account, when it was verified
     * @param method the RFC 8176 {@code amr} of the key: {@code swk} for a credential that may be synced (backup
     *     eligible), {@code hwk} for a device-bound one
     * @param failure what was wrong, for the audit log (never a value from the request), when it was not
     */
    public record Assertion(UUID accountId, String method, String failure) {

        static Assertion failed(String failure) {
            return new Assertion(null, null, failure);
        }

        public boolean verified() {
            return this.failure == null;
        }
    }

    /** Starts a registration: creation options for the account, excluding the credentials it has. */
    public Registration startRegistration(AccountIdentity account) {
        byte[] handle = userHandle(account.id());
        PasskeyCeremonies.Started started = this.ceremonies.startRegistration(account.id());
        PublicKeyOptions.Creation options = new PublicKeyOptions.Creation(
                new PublicKeyOptions.RelyingParty(this.relyingParty.id(), this.relyingParty.name()),
                new PublicKeyOptions.User(BASE64URL.encodeToString(handle), account.username(), account.username()),
                BASE64URL.encodeToString(started.challenge()),
                ALGORITHMS.stream()
                        .map(alg -> new PublicKeyOptions.Parameters("public-key", alg))
                        .toList(),
                TIMEOUT_MILLIS,
                descriptors(account.id()),
                new PublicKeyOptions.Selection("required", true, "required"),
                "none");
        return new Registration(started.value(), options);
    }

    /**
     * Verifies a registration response and stores the credential.
     *
     * @param name the name its owner gives it (1 to 64 characters, no control characters; blank means "Passkey")
     * @param credentialJson the browser's {@code PublicKeyCredential} as {@code toJSON()} writes it
     * @throws PasskeyCeremonyInvalidException unknown, used, expired or another account's ceremony (400)
     * @throws PasskeyRejectedException the response does not verify (400)
     * @throws PasskeyAlreadyRegisteredException the credential id is registered already (409)
     * @throws PasskeyLimitException the account has {@value #MAX_PER_ACCOUNT} passkeys (409)
     */
    public PasskeyView register(UUID accountId, String ceremony, String name, String credentialJson) {
        String label = name(name);
        PasskeyCeremonies.Consumed consumed = this.ceremonies
                .consume(PasskeyCeremonies.Purpose.REGISTRATION, ceremony)
                .filter(found -> accountId.equals(found.accountId()))
                .orElseThrow(PasskeyCeremonyInvalidException::new);
        RegistrationData data;
        try {
            data = this.webAuthn.parseRegistrationResponseJSON(credentialJson);
            this.webAuthn.verify(
                    data, new RegistrationParameters(serverProperty(consumed.challenge()), parameters(), true, true));
        } catch (RuntimeException ex) {
            log.info("Account {} sent a passkey registration that did not verify: {}", accountId, kind(ex));
            throw new PasskeyRejectedException();
        }
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticator.getAttestedCredentialData();
        List<String> transports = (data.getTransports() == null)
                ? List.of()
                : data.getTransports().stream()
                        .map(AuthenticatorTransport::getValue)
                        .filter(TRANSPORTS::contains)
                        .sorted()
                        .toList();
        UUID id = UUID.randomUUID();
        Instant now = this.clock.instant();
        return this.transactions.execute(status -> {
            // The account's row serialises registrations, so the limit holds under concurrent requests.
            this.jdbc
                    .sql("select id from account where id = :account for update")
                    .param("account", accountId)
                    .query(UUID.class)
                    .optional();
            if (count(accountId) >= MAX_PER_ACCOUNT) {
                throw new PasskeyLimitException();
            }
            int inserted = this.jdbc
                    .sql("""
                            insert into passkey_credential (id, account_id, credential_id, attested_credential_data,
                                sign_count, aaguid, transports, uv_initialized, backup_eligible, backup_state, name,
                                created_at)
                            values (:id, :account, :credential, :data, :count, :aaguid, :transports, :uv, :be, :bs,
                                :name, :now)
                            on conflict (credential_id) do nothing""")
                    .param("id", id)
                    .param("account", accountId)
                    .param("credential", attested.getCredentialId())
                    .param("data", this.credentialData.convert(attested))
                    .param("count", authenticator.getSignCount())
                    .param("aaguid", attested.getAaguid().getValue())
                    .param("transports", String.join(",", transports))
                    .param("uv", authenticator.isFlagUV())
                    .param("be", authenticator.isFlagBE())
                    .param("bs", authenticator.isFlagBS())
                    .param("name", label)
                    .param("now", Timestamp.from(now))
                    .update();
            if (inserted == 0) {
                throw new PasskeyAlreadyRegisteredException();
            }
            this.audit.record(AuditLog.Type.PASSKEY_REGISTERED, accountId, accountId, null, id.toString());
            log.info("Account {} registered passkey {}", accountId, id);
            return new PasskeyView(
                    id, label, attested.getAaguid().getValue(), transports, authenticator.isFlagBE(), now, null);
        });
    }

    /** The account's passkeys, oldest first. */
    public List<PasskeyView> list(UUID accountId) {
        return this.jdbc
                .sql("""
                        select id, name, aaguid, transports, backup_eligible, created_at, last_used_at
                        from passkey_credential where account_id = :account order by created_at, id""")
                .param("account", accountId)
                .query((rs, n) -> new PasskeyView(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        transports(rs.getString(4)),
                        rs.getBoolean(5),
                        rs.getTimestamp(6).toInstant(),
                        (rs.getTimestamp(7) == null) ? null : rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** How many passkeys the account has. */
    public int count(UUID accountId) {
        return this.jdbc
                .sql("select count(*) from passkey_credential where account_id = :account")
                .param("account", accountId)
                .query(Integer.class)
                .single();
    }

    /**
     * Renames one of the account's passkeys.
     *
     * @throws PasskeyNotFoundException for an unknown id or another account's (404 alike)
     */
    public PasskeyView rename(UUID accountId, UUID passkeyId, String name) {
        String label = name(name);
        int updated = this.jdbc
                .sql("update passkey_credential set name = :name where id = :id and account_id = :account")
                .param("name", label)
                .param("id", passkeyId)
                .param("account", accountId)
                .update();
        if (updated == 0) {
            throw new PasskeyNotFoundException();
        }
        return list(accountId).stream()
                .filter(view -> view.id().equals(passkeyId))
                .findFirst()
                .orElseThrow(PasskeyNotFoundException::new);
    }

    /**
     * Removes one of the account's passkeys.
     *
     * @throws PasskeyNotFoundException for an unknown id or another account's (404 alike)
     */
    public void remove(UUID accountId, UUID passkeyId) {
        this.transactions.executeWithoutResult(status -> {
            int removed = this.jdbc
                    .sql("delete from passkey_credential where id = :id and account_id = :account")
                    .param("id", passkeyId)
                    .param("account", accountId)
                    .update();
            if (removed == 0) {
                throw new PasskeyNotFoundException();
            }
            this.audit.record(AuditLog.Type.PASSKEY_REMOVED, accountId, accountId, null, passkeyId.toString());
            log.info("Account {} removed passkey {}", accountId, passkeyId);
        });
    }

    /**
     * Request options for a login's second step: the account's credentials in {@code allowCredentials}, user
     * verification preferred. Replaces an earlier ceremony of the same login challenge.
     */
    public PublicKeyOptions.Request startSecondFactor(UUID accountId, byte[] loginChallengeHash) {
        byte[] challenge = this.ceremonies.startSecondFactor(loginChallengeHash);
        return new PublicKeyOptions.Request(
                BASE64URL.encodeToString(challenge),
                TIMEOUT_MILLIS,
                this.relyingParty.id(),
                descriptors(accountId),
                "preferred");
    }

    /** Request options for a password-less login: a discoverable credential, user verification required. */
    public Login startLogin() {
        PasskeyCeremonies.Started started = this.ceremonies.startLogin();
        return new Login(
                started.value(),
                new PublicKeyOptions.Request(
                        BASE64URL.encodeToString(started.challenge()),
                        TIMEOUT_MILLIS,
                        this.relyingParty.id(),
                        List.of(),
                        "required"));
    }

    /**
     * A used-up ceremony of a login: its challenge, for the one verification it allows. Taken before the
     * verification's transaction begins, in a statement of its own, so it is gone whatever the outcome.
     */
    public static final class Ceremony {

        private final byte[] challenge;

        private Ceremony(byte[] challenge) {
            this.challenge = challenge;
        }

        @Override
        public String toString() {
            return "Ceremony[<redacted>]";
        }
    }

    /** Uses up the second-step ceremony of a login challenge; empty when there is no live one. */
    public Optional<Ceremony> takeSecondFactorCeremony(byte[] loginChallengeHash) {
        return this.ceremonies.consumeSecondFactor(loginChallengeHash).map(found -> new Ceremony(found.challenge()));
    }

    /** Uses up a password-less login ceremony; empty for an unknown, used or expired one. */
    public Optional<Ceremony> takeLoginCeremony(String value) {
        return this.ceremonies
                .consume(PasskeyCeremonies.Purpose.LOGIN, value)
                .map(found -> new Ceremony(found.challenge()));
    }

    /**
     * Verifies the assertion of a login's second step, inside the caller's transaction (which must commit a failure
     * too: its audit). Only a credential of this account is accepted; user presence is required, user verification
     * not.
     */
    public Assertion verifySecondFactor(Ceremony ceremony, UUID accountId, String credentialJson) {
        return verifyAssertion(ceremony.challenge, credentialJson, accountId, false);
    }

    /**
     * Verifies the assertion of a password-less login, inside the caller's transaction (which must commit a failure
     * too). User verification is required, and the {@code userHandle} must be that of the credential's account.
     */
    public Assertion verifyLogin(Ceremony ceremony, String credentialJson) {
        return verifyAssertion(ceremony.challenge, credentialJson, null, true);
    }

    private Assertion verifyAssertion(
            byte[] challenge, String credentialJson, UUID expectedAccount, boolean discoverable) {
        AuthenticationData data;
        try {
            data = this.webAuthn.parseAuthenticationResponseJSON(credentialJson);
        } catch (RuntimeException ex) {
            return Assertion.failed("malformed response");
        }
        Optional<Stored> found = (data.getCredentialId() == null)
                ? Optional.empty()
                : this.jdbc
                        .sql("""
                                select c.id, c.account_id, c.attested_credential_data, c.sign_count, c.transports,
                                    c.uv_initialized, c.backup_eligible, c.backup_state, u.user_handle
                                from passkey_credential c left join passkey_user u on u.account_id = c.account_id
                                where c.credential_id = :credential for update of c""")
                        .param("credential", data.getCredentialId())
                        .query((rs, n) -> new Stored(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getBytes(3),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getBoolean(6),
                                rs.getBoolean(7),
                                rs.getBoolean(8),
                                rs.getBytes(9)))
                        .optional();
        if (found.isEmpty()) {
            return Assertion.failed("unknown credential");
        }
        Stored stored = found.get();
        if (expectedAccount != null && !expectedAccount.equals(stored.accountId())) {
            this.audit.record(
                    AuditLog.Type.PASSKEY_FOREIGN_CREDENTIAL,
                    expectedAccount,
                    null,
                    null,
                    stored.id().toString());
            return Assertion.failed("credential of another account");
        }
        if (discoverable
                && (data.getUserHandle() == null
                        || stored.userHandle() == null
                        || !Arrays.equals(data.getUserHandle(), stored.userHandle()))) {
            return Assertion.failed("user handle mismatch");
        }
        CredentialRecordImpl record = new CredentialRecordImpl(
                new NoneAttestationStatement(),
                stored.uvInitialized(),
                stored.backupEligible(),
                stored.backupState(),
                stored.signCount(),
                this.credentialData.convert(stored.attestedCredentialData()),
                null,
                null,
                null,
                stored.transports().isEmpty()
                        ? null
                        : transports(stored.transports()).stream()
                                .map(AuthenticatorTransport::create)
                                .collect(Collectors.toSet()));
        try {
            this.webAuthn.verify(
                    data,
                    new AuthenticationParameters(
                            serverProperty(challenge),
                            record,
                            List.of(record.getAttestedCredentialData().getCredentialId()),
                            discoverable,
                            true));
        } catch (MaliciousCounterValueException ex) {
            this.audit.record(
                    AuditLog.Type.PASSKEY_SIGN_COUNT_INVALID,
                    stored.accountId(),
                    null,
                    null,
                    stored.id() + " stored " + ex.getStoredCounter() + " presented " + ex.getPresentedCounter());
            log.warn(
                    "Passkey {} of account {} presented a signature counter that did not increase: possibly a"
                            + " cloned authenticator",
                    stored.id(),
                    stored.accountId());
            return Assertion.failed("sign count did not increase");
        } catch (VerificationException | IllegalArgumentException | IllegalStateException ex) {
            return Assertion.failed(kind(ex));
        }
        AuthenticatorData<?> authenticator = data.getAuthenticatorData();
        this.jdbc
                .sql("""
                        update passkey_credential set sign_count = :count, backup_state = :bs,
                            uv_initialized = uv_initialized or :uv, last_used_at = :now
                        where id = :id""")
                .param("count", authenticator.getSignCount())
                .param("bs", authenticator.isFlagBS())
                .param("uv", authenticator.isFlagUV())
                .param("now", Timestamp.from(this.clock.instant()))
                .param("id", stored.id())
                .update();
        return new Assertion(stored.accountId(), stored.backupEligible() ? "swk" : "hwk", null);
    }

    /** The account's WebAuthn user handle, created (32 random bytes) the first time it is needed. */
    private byte[] userHandle(UUID accountId) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        this.jdbc.sql("""
                        insert into passkey_user (account_id, user_handle) values (:account, :handle)
                        on conflict (account_id) do nothing""").param("account", accountId).param("handle", fresh).update();
        return this.jdbc
                .sql("select user_handle from passkey_user where account_id = :account")
                .param("account", accountId)
                .query(byte[].class)
                .single();
    }

    private List<PublicKeyOptions.Descriptor> descriptors(UUID accountId) {
        return this.jdbc
                .sql("select credential_id, transports from passkey_credential where account_id = :account"
                        + " order by created_at, id")
                .param("account", accountId)
                .query((rs, n) -> new PublicKeyOptions.Descriptor(
                        "public-key", BASE64URL.encodeToString(rs.getBytes(1)), transports(rs.getString(2))))
                .list();
    }

    private ServerProperty serverProperty(byte[] challenge) {
        return new ServerProperty(this.relyingParty.origins(), this.relyingParty.id(), new DefaultChallenge(challenge));
    }

    private static List<PublicKeyCredentialParameters> parameters() {
        return ALGORITHMS.stream()
                .map(alg -> new PublicKeyCredentialParameters(
                        PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(alg)))
                .toList();
    }

    private static List<String> transports(String column) {
        return (column == null || column.isEmpty()) ? List.of() : List.of(column.split(","));
    }

    /** A passkey's name: trimmed, 1 to 64 characters, no control characters; none given is "Passkey". */
    static String name(String name) {
        if (name == null || name.isBlank()) {
            return "Passkey";
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > 64 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "must be at most 64 characters, without control characters");
        }
        return trimmed;
    }

    /** What kind of failure, for logs and the audit: the exception's type, never its message. */
    private static String kind(Exception ex) {
        if (ex instanceof BadOriginException) {
            return "origin mismatch";
        }
        if (ex instanceof BadRpIdException) {
            return "rp id hash mismatch";
        }
        if (ex instanceof BadChallengeException) {
            return "challenge mismatch";
        }
        if (ex instanceof UserNotVerifiedException) {
            return "user not verified";
        }
        if (ex instanceof BadSignatureException) {
            return "bad signature";
        }
        return (ex instanceof VerificationException) ? ex.getClass().getSimpleName() : "malformed response";
    }

    private record Stored(
            UUID id,
            UUID accountId,
            byte[] attestedCredentialData,
            long signCount,
            String transports,
            boolean uvInitialized,
            boolean backupEligible,
            boolean backupState,
            byte[] userHandle) {}
}
