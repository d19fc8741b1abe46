package dev.tessera.auth.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.factor.SecondFactors;
import dev.tessera.auth.passkey.PasskeyView;
import dev.tessera.auth.passkey.Passkeys;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's passkeys: registration options, registration, the list, rename and removal. The options carry a
 * ceremony (single-use, five minutes) that the registration sends back with the browser's {@code
 * PublicKeyCredential}. An id that is unknown or another account's is 404 alike. Removing one needs the password,
 * as removing TOTP does.
 */
@RestController
class PasskeyController {

    private final Passkeys passkeys;

    private final AccountService accounts;

    private final LoginThrottle throttle;

    private final SecondFactors factors;

    PasskeyController(Passkeys passkeys, AccountService accounts, LoginThrottle throttle, SecondFactors factors) {
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.throttle = throttle;
        this.factors = factors;
    }

    /** 200 {@code {"ceremony", "publicKey": PublicKeyCredentialCreationOptionsJSON}}. */
    @PostMapping(path = "/auth/me/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Passkeys.Registration> options(@RequireCaller Passport caller) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.passkeys.startRegistration(account(caller)));
    }

    /**
     * 201 with the passkey's view; 400 {@code passkey-ceremony-invalid} or {@code passkey-rejected}; 409 {@code
     * passkey-already-registered} or {@code passkey-limit-reached}.
     */
    @PostMapping(
            path = "/auth/me/passkeys",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Registered> register(
            @RequireCaller Passport caller, @Valid @RequestBody RegistrationRequest request) {
        UUID id = account(caller).id();
        PasskeyView view =
                this.passkeys.register(id, request.ceremony(), request.name(), credential(request.credential()));
        List<String> codes = this.factors
                .recoveryCodesForFirstPasskey(id)
                .map(SecondFactors.RecoveryCodeSet::codes)
                .orElse(null);
        // No Location header: this service does not know the public path prefix the gateway adds (as registration).
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new Registered(view, codes));
    }

    /**
     * The registered passkey's view, and with the account's first second factor its ten recovery codes, shown once.
     */
    record Registered(
            @JsonUnwrapped PasskeyView passkey,

            @JsonProperty("recovery_codes") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "Registered[" + this.passkey + ", recoveryCodes=<redacted>]";
        }
    }

    /** 200 {@code {"passkeys": [...]}}, oldest first. */
    @GetMapping(path = "/auth/me/passkeys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PasskeyList> list(@RequireCaller Passport caller) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new PasskeyList(this.passkeys.list(account(caller).id())));
    }

    /** 200 with the renamed passkey; 404 {@code passkey-not-found}. */
    @PatchMapping(
            path = "/auth/me/passkeys/{id}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PasskeyView> rename(
            @RequireCaller Passport caller, @PathVariable String id, @Valid @RequestBody RenameRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.passkeys.rename(account(caller).id(), passkeyId(id), request.name()));
    }

    /**
     * 204 after the password, as for removing TOTP: a stolen access token alone cannot take a second factor away.
     * 400 for a wrong password, counted on the account's password-change counter (429 when it is locked); 404
     * {@code passkey-not-found}.
     */
    @DeleteMapping(path = "/auth/me/passkeys/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> remove(
            @RequireCaller Passport caller, @PathVariable String id, @Valid @RequestBody PasswordRequest request) {
        UUID account = account(caller).id();
        LoginThrottle.Attempt attempt = this.throttle.beginPasswordChange(account);
        boolean right;
        try {
            right = this.accounts.checkPassword(account, request.password());
        } catch (HashingBusyException ex) {
            this.throttle.abandoned(attempt);
            throw ex;
        }
        if (!right) {
            throw new InvalidInputException("password", "is not correct");
        }
        this.throttle.succeeded(attempt);
        UUID passkey = passkeyId(id);
        // The last second factor cannot leave a password set beside it (maybe 8 characters) on its own.
        if (!this.factors.methods(account).contains("totp")
                && this.passkeys.count(account) == 1
                && !this.accounts.longEnoughAlone(request.password())) {
            throw new PasswordTooShortAloneException(this.accounts.singleFactorMinLength());
        }
        this.factors.removePasskey(account, passkey);
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    private AccountIdentity account(Passport caller) {
        return this.accounts.findActive(CallerIds.of(caller)).orElseThrow(CallerIds.InactiveCallerException::new);
    }

    /** A malformed id names no passkey of the caller's: the same 404 as an unknown one. */
    private static UUID passkeyId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            return new UUID(0, 0);
        }
    }

    static String credential(JsonNode credential) {
        if (credential == null || !credential.isObject()) {
            throw new InvalidInputException("credential", "must be the PublicKeyCredential as JSON");
        }
        return credential.toString();
    }

    record PasskeyList(List<PasskeyView> passkeys) {}

    record RegistrationRequest(
            @NotNull String ceremony, String name, @NotNull JsonNode credential) {

        @Override
        public String toString() {
            return "RegistrationRequest[<redacted>]";
        }
    }

    record RenameRequest(@NotNull String name) {}

    record PasswordRequest(@NotNull String password) {

        @Override
        public String toString() {
            return "PasswordRequest[<redacted>]";
        }
    }
}
