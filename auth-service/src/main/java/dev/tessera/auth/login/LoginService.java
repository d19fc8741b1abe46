package dev.tessera.auth.login;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.account.Username;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.device.KnownDevices;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.auth.token.TokenFormat;
import dev.tessera.auth.token.TokenResponse;
import dev.tessera.auth.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
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

    LoginService(
            LoginThrottle throttle,
            AccountService accounts,
            RefreshTokenService refreshTokens,
            MeterRegistry meters,
            AuditLog audit,
            TransactionTemplate transactions,
            KnownDevices devices) {
        this.devices = devices;
        this.throttle = throttle;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.meters = meters;
        this.audit = audit;
        this.transactions = transactions;
    }

    TokenResponse login(
            String username, String password, String clientAddress, TokenFormat format, String deviceToken) {
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
        TokenResponse tokens = this.transactions.execute(status -> {
            TokenResponse started = this.refreshTokens.startFamily(account.get(), format);
            this.audit.record(AuditLog.Type.LOGIN_SUCCEEDED, account.get().id(), null, clientAddress, null);
            this.throttle.succeeded(attempt);
            // A recognised device is rotated even when its own counter was locked and the login went the
            // unknown-device way: the correct password proves its owner, and a copy someone else holds dies.
            return started.withDeviceToken(this.devices.remember(account.get().id(), device.orElse(null)));
        });
        count("succeeded");
        return tokens;
    }

    /** {@code tessera.auth.logins} by outcome: a rising "failed" or "throttled" rate is an attack. */
    private void count(String outcome) {
        this.meters.counter("tessera.auth.logins", "outcome", outcome).increment();
    }
}
