package dev.tessera.auth.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.mail.Mailer;
import dev.tessera.auth.throttle.ClientAddressResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of recovery: the links' targets and "forgot password". No caller is needed (the person has lost
 * the password, or opens the link on another device); the link's token is the credential.
 */
@RestController
class RecoveryController {

    private final EmailVerification verification;

    private final PasswordReset reset;

    private final ClientAddressResolver clientAddresses;

    RecoveryController(EmailVerification verification, PasswordReset reset, ClientAddressResolver clientAddresses) {
        this.verification = verification;
        this.reset = reset;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping(path = "/auth/email/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> verify(@Valid @RequestBody LinkRequest request) {
        this.verification.verify(request.token());
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /** 202 and no body, whether or not a link went out. */
    @PostMapping(path = "/auth/password/forgot", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> forgot(
            @Valid @RequestBody ForgotRequest request,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest http) {
        this.reset.forgot(
                request.email(),
                (acceptLanguage != null) ? Mailer.language(acceptLanguage) : null,
                this.clientAddresses.resolve(http));
        return ResponseEntity.accepted().cacheControl(CacheControl.noStore()).build();
    }

    @PostMapping(path = "/auth/password/reset", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> reset(@Valid @RequestBody ResetRequest request, HttpServletRequest http) {
        this.reset.reset(request.token(), request.newPassword(), this.clientAddresses.resolve(http));
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    record LinkRequest(@NotNull String token) {

        @Override
        public String toString() {
            return "LinkRequest[<redacted>]";
        }
    }

    record ForgotRequest(@NotNull String email) {

        @Override
        public String toString() {
            return "ForgotRequest[<redacted>]";
        }
    }

    record ResetRequest(
            @NotNull String token,
            @NotNull @JsonProperty("new_password") String newPassword) {

        @Override
        public String toString() {
            return "ResetRequest[<redacted>]";
        }
    }
}
