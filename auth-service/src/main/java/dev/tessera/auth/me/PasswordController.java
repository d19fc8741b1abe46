package dev.tessera.auth.me;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.AccountService.PasswordChange;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.refresh.RevocationReason;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Password change: needs the current password (a stolen access token alone is not enough), counts a
 * wrong one against the account's own password-change counter (exponential delays, like a login), and
 * revokes every other session of the account. The caller's own session ({@code sid}) stays logged in.
 */
@RestController
class PasswordController {

    private static final Logger log = LoggerFactory.getLogger(PasswordController.class);

    private final AccountService accounts;

    private final RefreshTokenService refreshTokens;

    private final LoginThrottle throttle;

    PasswordController(AccountService accounts, RefreshTokenService refreshTokens, LoginThrottle throttle) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
    }

    @PostMapping(path = "/auth/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> change(@RequireCaller Passport caller, @Valid @RequestBody PasswordChangeRequest request) {
        UUID id = CallerIds.of(caller);
        // Counted per account, not per name and address: only a holder of one of its sessions can fill this
        // counter, so failed logins elsewhere never block a password change.
        LoginThrottle.Attempt attempt = this.throttle.beginPasswordChange(id);
        AtomicInteger revoked = new AtomicInteger();
        PasswordChange outcome;
        try {
            // The other sessions end in the transaction that stores the new hash: never one without the other.
            outcome = this.accounts.changePassword(
                    id,
                    request.currentPassword(),
                    request.newPassword(),
                    () -> revoked.set(this.refreshTokens.revokeAllExcept(
                            id, sessionOf(caller), RevocationReason.PASSWORD_CHANGED)));
        } catch (InvalidInputException | HashingBusyException ex) {
            this.throttle.abandoned(attempt);
            throw ex;
        }
        switch (outcome) {
            case NO_ACTIVE_ACCOUNT -> throw new CallerIds.InactiveCallerException();
            case WRONG_CURRENT_PASSWORD -> throw new InvalidInputException("current_password", "is not correct");
            case CHANGED -> this.throttle.succeeded(attempt);
        }
        log.info("Account {} changed its password; {} other session(s) revoked", id, revoked.get());
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    private static UUID sessionOf(Passport caller) {
        try {
            return (caller.sessionId() != null) ? UUID.fromString(caller.sessionId()) : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    record PasswordChangeRequest(
            @NotNull @JsonProperty("current_password") String currentPassword,
            @NotNull @JsonProperty("new_password") String newPassword) {

        @Override
        public String toString() {
            return "PasswordChangeRequest[<redacted>]";
        }
    }
}
