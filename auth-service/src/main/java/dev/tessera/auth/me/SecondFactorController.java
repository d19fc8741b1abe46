package dev.tessera.auth.me;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.factor.SecondFactors;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's second factors: enrol an authenticator app (TOTP) and confirm it, renew the recovery codes, disable
 * it, and see what the account has. The secret and the recovery codes are in a response body exactly once, with
 * {@code Cache-Control: no-store}.
 *
 * <p>What a stolen access token alone can do here is bounded: disabling needs the password (counted like a password
 * change), and renewing the recovery codes needs a current code (counted like a login's second step). Enrolling
 * needs neither: it adds protection, and a pending credential does nothing until confirmed.
 */
@RestController
class SecondFactorController {

    private final SecondFactors factors;

    private final AccountService accounts;

    private final LoginThrottle throttle;

    SecondFactorController(SecondFactors factors, AccountService accounts, LoginThrottle throttle) {
        this.factors = factors;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /**
     * 200 {@code {"secret", "otpauth_uri", "qr_code_svg"}}: a pending credential, replacing an earlier pending one;
     * 409 {@code totp-already-enabled} when one is enabled.
     */
    @PostMapping(path = "/auth/me/totp", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SecondFactors.Enrolment> enrol(@RequireCaller Passport caller) {
        AccountIdentity account =
                this.accounts.findActive(CallerIds.of(caller)).orElseThrow(CallerIds.InactiveCallerException::new);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.factors.begin(account.id(), account.username()));
    }

    /**
     * 200 {@code {"recovery_codes": [...]}} (ten, shown this once) when the code is right for the pending secret;
     * 400 when it is not; 409 {@code totp-not-pending} without an enrolment.
     */
    @PostMapping(
            path = "/auth/me/totp/confirm",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SecondFactors.RecoveryCodeSet> confirm(
            @RequireCaller Passport caller, @Valid @RequestBody CodeRequest request) {
        UUID id = active(caller);
        SecondFactors.RecoveryCodeSet codes =
                this.factors.confirm(id, request.code()).orElseThrow(SecondFactorController::wrongCode);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(codes);
    }

    /**
     * 204 after the password: TOTP disabled (enabled or pending) and every recovery code deleted; 400 for a wrong
     * password, counted on the account's password-change counter (429 when it is locked); 409 {@code
     * password-too-short-alone} when the password is shorter than a password-only account's (it was set beside the
     * second factor).
     */
    @DeleteMapping(path = "/auth/me/totp", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> disable(@RequireCaller Passport caller, @Valid @RequestBody PasswordRequest request) {
        UUID id = CallerIds.of(caller);
        // The same counter as a password change: both are "type your password again" on a live session.
        LoginThrottle.Attempt attempt = this.throttle.beginPasswordChange(id);
        boolean right;
        try {
            right = this.accounts.checkPassword(id, request.password());
        } catch (HashingBusyException ex) {
            this.throttle.abandoned(attempt);
            throw ex;
        }
        if (!right) {
            throw new InvalidInputException("password", "is not correct");
        }
        this.throttle.succeeded(attempt);
        // A password set beside a second factor may be as short as 8 characters; it must not be left alone.
        List<String> methods = this.factors.methods(id);
        if (methods.contains("totp")
                && !methods.contains("passkey")
                && !this.accounts.longEnoughAlone(request.password())) {
            throw new PasswordTooShortAloneException(this.accounts.singleFactorMinLength());
        }
        this.factors.disable(id);
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /**
     * 200 {@code {"recovery_codes": [...]}}: a new set of ten for a current TOTP code, the old set void; 400 for a
     * wrong or used code (counted like a login's second step, 429 when locked); 409 {@code totp-not-enabled}.
     */
    @PostMapping(
            path = "/auth/me/recovery-codes",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SecondFactors.RecoveryCodeSet> renewRecoveryCodes(
            @RequireCaller Passport caller, @Valid @RequestBody CodeRequest request) {
        UUID id = active(caller);
        LoginThrottle.Attempt attempt = this.throttle.beginSecondFactor(id);
        Optional<SecondFactors.RecoveryCodeSet> codes;
        try {
            codes = this.factors.renewRecoveryCodes(id, request.code());
        } catch (RuntimeException ex) {
            // No TOTP to check a code against (409), or a failure of ours: no guess was made.
            this.throttle.abandoned(attempt);
            throw ex;
        }
        if (codes.isEmpty()) {
            // The charge stays: a wrong code is a guess.
            throw wrongCode();
        }
        this.throttle.succeeded(attempt);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(codes.get());
    }

    /** 200 {@code {"totp": "enabled" | "pending" | "none", "recovery_codes_left": n}}. */
    @GetMapping(path = "/auth/me/second-factors", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SecondFactors.Status> status(@RequireCaller Passport caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.factors.status(active(caller)));
    }

    private UUID active(Passport caller) {
        return this.accounts
                .findActive(CallerIds.of(caller))
                .map(AccountIdentity::id)
                .orElseThrow(CallerIds.InactiveCallerException::new);
    }

    private static InvalidInputException wrongCode() {
        return new InvalidInputException("code", "is not correct");
    }

    record CodeRequest(@NotNull String code) {

        @Override
        public String toString() {
            return "CodeRequest[<redacted>]";
        }
    }

    record PasswordRequest(@NotNull String password) {

        @Override
        public String toString() {
            return "PasswordRequest[<redacted>]";
        }
    }
}
