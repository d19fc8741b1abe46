package dev.tessera.auth.me;

import dev.tessera.auth.mail.Mailer;
import dev.tessera.auth.recovery.EmailVerification;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The caller's e-mail address: read it, or set it and get a verification link (issue 17). */
@RestController
class EmailController {

    private final EmailVerification emails;

    EmailController(EmailVerification emails) {
        this.emails = emails;
    }

    /** 200 {@code {"email", "verified"}}; {@code email} is null when the account has none. */
    @GetMapping(path = "/auth/me/email", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EmailVerification.EmailView> email(@RequireCaller Passport caller) {
        EmailVerification.EmailView view =
                this.emails.view(CallerIds.of(caller)).orElse(new EmailVerification.EmailView(null, false));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }

    /** 202 when a verification link went out, 204 when the address is already this account's, verified. */
    @PutMapping(path = "/auth/me/email", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> change(
            @RequireCaller Passport caller,
            @Valid @RequestBody EmailRequest request,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        UUID id = CallerIds.of(caller);
        return switch (this.emails.change(id, request.email(), Mailer.language(acceptLanguage))) {
            case NO_ACTIVE_ACCOUNT -> throw new CallerIds.InactiveCallerException();
            case UNCHANGED ->
                ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
            case SENT ->
                ResponseEntity.accepted().cacheControl(CacheControl.noStore()).build();
        };
    }

    record EmailRequest(@NotNull String email) {}
}
