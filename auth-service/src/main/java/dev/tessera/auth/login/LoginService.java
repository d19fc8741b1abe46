package dev.tessera.auth.login;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.account.Username;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.device.KnownDevices;
import dev.tessera.auth.factor.SecondFactors;
import dev.tessera.auth.passkey.Passkeys;
import dev.tessera.auth.passkey.PublicKeyOptions;
import dev.tessera.auth.refresh.LoginOrigin;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.auth.token.SignIn;
import dev.tessera.auth.token.TokenFormat;
import dev.tessera.auth.token.TokenResponse;
import dev.tessera.auth.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A login, in the order that keeps it cheap to refuse: shape checks, then the device token (one index
 * look-up, only when one is presented), then the throttle (database rows, no hashing), then one argon2id
 * verification inside the bulkhead, then a new refresh family, a signed access token and a device token.
 *
 * <p>A valid device token for the named account makes the login count only against that device, so
 * failures from other clients never refuse it (see {@link LoginThrottle}); a device whose own counter is
 * locked, or no valid token, counts as an unknown device.
 *
 * <p>What a success writes (refresh family and token, audit event, throttle reset) is one transaction:
 * every commit waits for PostgreSQL's WAL flush (about 3 ms on a plain disk), time in which a client
 * holds no hashing slot and a core idles. It also means no success is recorded without its tokens. The
 * throttle rows are written last, so their locks are held only until the commit.
 *
 * <p>An account with a second factor (TOTP) gets no tokens for its password: the first step ends, as a success of
 * the password (throttle settled, as for any right password), with a challenge ({@link LoginChallenges}), and the
 * second step ({@link #secondFactor}) issues what the first would have.
 * The session it starts remembers the {@code User-Agent} and client address of the step that completed the login. The second step counts its failures twice:
 * on the challenge (void after five) and on the account's own second-factor counter ({@link
 * LoginThrottle#beginSecondFactor}), which a right password does not reset, so new challenges buy no new guesses.
 */
@Service
class LoginService {

    private final LoginThrottle throttle;

    private final AccountService accounts;

    private final RefreshTokenService refreshTokens;

    private final MeterRegistry meters;

    private final AuditLog audit;

    private final TransactionTemplate transactions;

    private final KnownDevices devices;

    private final SecondFactors factors;

    private final LoginChallenges challenges;

    private final Passkeys passkeys;

    LoginService(
            LoginThrottle throttle,
            AccountService accounts,
            RefreshTokenService refreshTokens,
            MeterRegistry meters,
            AuditLog audit,
            TransactionTemplate transactions,
            KnownDevices devices,
            SecondFactors factors,
            LoginChallenges challenges,
            Passkeys passkeys) {
        this.passkeys = passkeys;
        this.devices = devices;
        this.factors = factors;
        this.challenges = challenges;
        this.throttle = throttle;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.meters = meters;
        this.audit = audit;
        this.transactions = transactions;
    }

    TokenResponse login(
            String username,
            String password,
            String clientAddress,
            LoginOrigin origin,
            TokenFormat format,
            String deviceToken) {
        if (!AccountService.plausiblePassword(password)) {
            throw new InvalidInputException("password", "must be at most 128 characters");
        }
        Optional<UUID> device = this.devices.recognise(deviceToken, username);
        LoginThrottle.Attempt attempt;
        try {
            attempt = device.flatMap(this.throttle::beginKnownDevice)
                    .orElseGet(() -> this.throttle.begin(Username.throttleKey(username), clientAddress));
        } catch (ProblemException ex) {
            if (ex.status() == HttpStatus.TOO_MANY_REQUESTS) {
                count("throttled");
            }
            throw ex;
        }
        Optional<AccountIdentity> account;
        try {
            account = this.accounts.authenticate(username, password);
        } catch (HashingBusyException ex) {
            this.throttle.abandoned(attempt);
            count("busy");
            throw ex;
        }
        if (account.isEmpty()) {
            count("failed");
            // Unknown names and wrong passwords alike: one insert each, so the audit costs the same for both.
            this.audit.record(AuditLog.Type.LOGIN_FAILED, null, null, clientAddress, null);
            throw new LoginFailedException();
        }
        List<String> secondFactors = this.factors.methods(account.get().id());
        if (!secondFactors.isEmpty()) {
            String challenge = this.transactions.execute(status -> {
                String issued = this.challenges.issue(account.get().id(), format, device.orElse(null));
                this.audit.record(
                        AuditLog.Type.LOGIN_SECOND_FACTOR_REQUIRED,
                        account.get().id(),
                        null,
                        clientAddress,
                        null);
                this.throttle.succeeded(attempt);
                return issued;
            });
            count("second_factor_required");
            throw new SecondFactorRequiredException(challenge, secondFactors);
        }
        TokenResponse tokens = this.transactions.execute(status -> {
            TokenResponse started =
                    this.refreshTokens.startFamily(account.get(), format, List.of(SignIn.PASSWORD), origin);
            this.audit.record(AuditLog.Type.LOGIN_SUCCEEDED, account.get().id(), null, clientAddress, null);
            this.throttle.succeeded(attempt);
            // A recognised device is rotated even when its own counter was locked and the login went the
            // unknown-device way: the correct password proves its owner, and a copy someone else holds dies.
            return started.withDeviceToken(this.devices.remember(account.get().id(), device.orElse(null)));
        });
        count("succeeded");
        return tokens;
    }

    /**
     * The second step of a login: a live challenge and either a TOTP code, a recovery code or a passkey's assertion.
     * Issues the same answer the first step would have (its token format, its known device's rotation), with {@code
     * amr} {@code ["pwd", "otp"]}, or {@code ["pwd", "hwk"]} / {@code ["pwd", "swk"]} for a device-bound or a
     * synced passkey. A passkey answers the ceremony of {@link #secondFactorOptions}, used up by this request
     * whatever its outcome.
     *
     * @throws InvalidChallengeException for an unknown, used, expired or void challenge (401)
     * @throws SecondFactorFailedException for a wrong, used or replayed code, or an assertion that does not verify
     *     (401)
     */
    TokenResponse secondFactor(
            String challengeValue,
            String code,
            String recoveryCode,
            String passkey,
            String clientAddress,
            LoginOrigin origin) {
        if (((code != null) ? 1 : 0) + ((recoveryCode != null) ? 1 : 0) + ((passkey != null) ? 1 : 0) != 1) {
            throw new InvalidInputException("code", "send one of code, recovery_code or passkey");
        }
        LoginChallenges.Challenge challenge =
                this.challenges.find(challengeValue).orElseThrow(InvalidChallengeException::new);
        UUID accountId = challenge.accountId();
        LoginThrottle.Attempt attempt;
        try {
            attempt = this.throttle.beginSecondFactor(accountId);
        } catch (ProblemException ex) {
            count("throttled");
            throw ex;
        }
        String kind = (code != null) ? "totp" : (recoveryCode != null) ? "recovery code" : "passkey";
        // Used up before the transaction, in a statement of its own: gone whatever the outcome.
        Optional<Passkeys.Ceremony> ceremony =
                (passkey != null) ? this.passkeys.takeSecondFactorCeremony(challenge.hash()) : Optional.empty();
        SecondStep outcome = this.transactions.execute(status -> {
            // Locked and read again: of two requests with one challenge, the second sees the first's outcome.
            Optional<LoginChallenges.Challenge> live = this.challenges.lock(challengeValue);
            Optional<AccountIdentity> account = live.flatMap(found -> this.accounts.findActive(accountId));
            if (account.isEmpty()) {
                return SecondStep.INVALID;
            }
            List<String> methods;
            String failure;
            if (passkey != null) {
                Passkeys.Assertion assertion = ceremony.map(
                                taken -> this.passkeys.verifySecondFactor(taken, accountId, passkey))
                        .orElseGet(() -> new Passkeys.Assertion(null, null, "no live ceremony"));
                methods = assertion.verified() ? List.of(SignIn.PASSWORD, assertion.method()) : null;
                failure = assertion.verified() ? null : "passkey: " + assertion.failure();
            } else {
                boolean accepted = (code != null)
                        ? this.factors.acceptTotp(accountId, code)
                        : this.factors.acceptRecoveryCode(accountId, recoveryCode);
                methods = accepted ? List.of(SignIn.PASSWORD, SignIn.ONE_TIME_PASSWORD) : null;
                failure = accepted ? null : kind;
            }
            if (methods == null) {
                this.challenges.failed(live.get());
                this.audit.record(AuditLog.Type.LOGIN_SECOND_FACTOR_FAILED, accountId, null, clientAddress, failure);
                return SecondStep.FAILED;
            }
            this.challenges.used(live.get());
            TokenResponse started =
                    this.refreshTokens.startFamily(account.get(), live.get().format(), methods, origin);
            this.audit.record(AuditLog.Type.LOGIN_SUCCEEDED, accountId, null, clientAddress, kind);
            this.throttle.succeeded(attempt);
            return new SecondStep(
                    SecondStep.Result.ISSUED,
                    started.withDeviceToken(
                            this.devices.remember(accountId, live.get().deviceId())));
        });
        if (outcome.result() == SecondStep.Result.INVALID) {
            this.throttle.abandoned(attempt);
            throw new InvalidChallengeException();
        }
        if (outcome.result() == SecondStep.Result.FAILED) {
            count("second_factor_failed");
            throw new SecondFactorFailedException();
        }
        count("succeeded");
        return outcome.tokens();
    }

    /**
     * Request options for a passkey at a login's second step: the account's credentials, a new ceremony bound to
     * the challenge (replacing an earlier one). Costs no guess: the assertion is counted when it is sent.
     *
     * @throws InvalidChallengeException for an unknown, used, expired or void challenge (401)
     * @throws NoPasskeyException when the account has no passkey (409)
     */
    PublicKeyOptions.Request secondFactorOptions(String challengeValue) {
        LoginChallenges.Challenge challenge =
                this.challenges.find(challengeValue).orElseThrow(InvalidChallengeException::new);
        if (this.passkeys.count(challenge.accountId()) == 0) {
            throw new NoPasskeyException();
        }
        return this.passkeys.startSecondFactor(challenge.accountId(), challenge.hash());
    }

    /** Request options for a password-less login (a discoverable credential, user verification required). */
    Passkeys.Login passkeyOptions() {
        return this.passkeys.startLogin();
    }

    /**
     * A password-less login with a passkey: the assertion must answer a live ceremony of {@link #passkeyOptions}
     * (used up whatever the outcome), verify with user verification, and belong to an enabled account. Throttled
     * like a password login by client address (the same counter: a client that fails passkey logins fails
     * password logins too); an unknown credential, a bad signature and a disabled account are one answer. Issues
     * what a password login would, with {@code amr} {@code ["hwk" | "swk", "user", "mfa"]}: a key (device-bound or
     * synced), the user-presence test, and the authenticator's own user verification as the other factor.
     *
     * @throws PasskeyLoginFailedException for anything that does not verify (401)
     */
    TokenResponse passkeyLogin(
            String ceremonyValue,
            String credential,
            TokenFormat format,
            String deviceToken,
            String clientAddress,
            LoginOrigin origin) {
        LoginThrottle.Attempt attempt;
        try {
            attempt = this.throttle.beginPasskeyLogin(clientAddress);
        } catch (ProblemException ex) {
            count("throttled");
            throw ex;
        }
        Optional<Passkeys.Ceremony> ceremony = this.passkeys.takeLoginCeremony(ceremonyValue);
        TokenResponse tokens = this.transactions.execute(status -> {
            Passkeys.Assertion assertion = ceremony.map(taken -> this.passkeys.verifyLogin(taken, credential))
                    .orElseGet(() -> new Passkeys.Assertion(null, null, "no live ceremony"));
            Optional<AccountIdentity> account =
                    assertion.verified() ? this.accounts.findActive(assertion.accountId()) : Optional.empty();
            if (account.isEmpty()) {
                this.audit.record(
                        AuditLog.Type.LOGIN_FAILED,
                        assertion.accountId(),
                        null,
                        clientAddress,
                        "passkey: " + (assertion.verified() ? "account disabled" : assertion.failure()));
                return null;
            }
            TokenResponse started = this.refreshTokens.startFamily(
                    account.get(), format, List.of(assertion.method(), "user", "mfa"), origin);
            this.audit.record(AuditLog.Type.LOGIN_SUCCEEDED, account.get().id(), null, clientAddress, "passkey");
            this.throttle.succeeded(attempt);
            UUID device = this.devices
                    .recognise(deviceToken, account.get().username())
                    .orElse(null);
            return started.withDeviceToken(this.devices.remember(account.get().id(), device));
        });
        if (tokens == null) {
            // The charge stays: a response that does not verify is a failed login.
            count("failed");
            throw new PasskeyLoginFailedException();
        }
        count("succeeded");
        return tokens;
    }

    /**
     * The outcome of a second step's transaction: tokens, or a refusal returned rather than thrown, so that the
     * failure count it wrote commits.
     */
    private record SecondStep(Result result, TokenResponse tokens) {

        static final SecondStep INVALID = new SecondStep(Result.INVALID, null);

        static final SecondStep FAILED = new SecondStep(Result.FAILED, null);

        enum Result {
            ISSUED,
            FAILED,
            INVALID
        }
    }

    /** {@code tessera.auth.logins} by outcome: a rising "failed" or "throttled" rate is an attack. */
    private void count(String outcome) {
        this.meters.counter("tessera.auth.logins", "outcome", outcome).increment();
    }
}
