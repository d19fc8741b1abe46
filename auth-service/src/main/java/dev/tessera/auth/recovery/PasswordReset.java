package dev.tessera.auth.recovery;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.mail.Mailer;
import dev.tessera.auth.recovery.RecoveryTokens.Link;
import dev.tessera.auth.recovery.RecoveryTokens.Purpose;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.refresh.RevocationReason;
import dev.tessera.auth.throttle.MailLimit;
import dev.tessera.auth.web.ProblemException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * "Forgot password": a single-use, short-lived link to the account's verified address; using it sets a new
 * password and ends every session of the account.
 *
 * <p>No enumeration: a request for an unknown, unverified or disabled account's address is answered exactly like
 * one for a known address, after the same work (the address's limit taken, a token generated, one look-up of the
 * address); for a verified address everything else (is the account enabled, its own limit, storing the link,
 * the message) runs on the mail thread after the answer.
 */
@Service
public class PasswordReset {

    private static final Logger log = LoggerFactory.getLogger(PasswordReset.class);

    private final AccountService accounts;

    private final AccountEmails emails;

    private final RecoveryTokens tokens;

    private final MailLimit limit;

    private final RecoveryLinks links;

    private final Mailer mailer;

    private final RefreshTokenService refreshTokens;

    private final AuditLog audit;

    PasswordReset(
            AccountService accounts,
            AccountEmails emails,
            RecoveryTokens tokens,
            MailLimit limit,
            RecoveryLinks links,
            Mailer mailer,
            RefreshTokenService refreshTokens,
            AuditLog audit) {
        this.accounts = accounts;
        this.emails = emails;
        this.tokens = tokens;
        this.limit = limit;
        this.links = links;
        this.mailer = mailer;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
    }

    /**
     * Sends a reset link if {@code rawAddress} is the verified address of an enabled account whose own limit is
     * not used up; otherwise does nothing the caller could see.
     *
     * @param locale the asker's language, or null for the one the address was set with
     * @throws dev.tessera.auth.account.InvalidInputException when it is not an e-mail address (400)
     * @throws ProblemException 429 when this address asked too often (known or not)
     */
    public void forgot(String rawAddress, Locale locale, String clientAddress) {
        String address = EmailAddresses.parse(rawAddress);
        this.limit.acquireAddress(address);
        String token = RecoveryTokens.generate();
        // The request's work ends with this look-up, whatever the address: the rest happens after the answer.
        this.emails
                .findVerifiedOwner(address)
                .ifPresent(
                        owner -> this.mailer.later(() -> sendIfAllowed(owner, address, locale, token, clientAddress)));
    }

    private void sendIfAllowed(UUID owner, String address, Locale locale, String token, String clientAddress) {
        Optional<AccountIdentity> account = this.accounts.findActive(owner);
        if (account.isEmpty()) {
            return;
        }
        if (!this.limit.tryAccount(owner)) {
            log.info("Password reset for account {} not sent: too many messages for the account", owner);
            return;
        }
        send(account.get(), address, locale, token, null, clientAddress);
    }

    /**
     * An administrator sends the account a reset link (the user still chooses the password).
     *
     * @throws ProblemException 409 when the account has no verified address or is disabled, 429 when the account
     *     had too many messages
     */
    public void sendByAdministrator(UUID accountId, UUID actor) {
        AccountIdentity account = this.accounts.findActive(accountId).orElseThrow(NoResetAddressException::new);
        AccountEmails.Email email = this.emails
                .find(accountId)
                .filter(AccountEmails.Email::verified)
                .orElseThrow(NoResetAddressException::new);
        this.limit.acquireAccount(accountId);
        send(account, email.address(), null, RecoveryTokens.generate(), actor, null);
        log.info("Admin {} sent a password-reset link to account {}", actor, accountId);
    }

    /**
     * Sets the new password, uses the link up and ends every session of the account (refresh families, opaque
     * sessions, and through the revocation feed its unexpired access tokens), all in one transaction.
     *
     * @throws InvalidLinkException unknown, used, or its account is gone or disabled (400)
     * @throws ExpiredLinkException past its lifetime (410)
     * @throws dev.tessera.auth.account.InvalidInputException the password breaks the policy (400); the link stays
     *     usable
     */
    public void reset(String token, String newPassword, String clientAddress) {
        Link link = this.tokens.find(token, Purpose.RESET_PASSWORD);
        int[] revoked = {0};
        boolean reset = this.accounts.resetPassword(link.accountId(), newPassword, () -> {
            this.tokens.consume(link);
            this.tokens.endUnused(link.accountId(), Purpose.RESET_PASSWORD);
            revoked[0] = this.refreshTokens.revokeAll(link.accountId(), RevocationReason.PASSWORD_RESET);
            this.audit.record(AuditLog.Type.PASSWORD_RESET, link.accountId(), null, clientAddress, null);
        });
        if (!reset) {
            throw new InvalidLinkException();
        }
        log.info("Account {} reset its password with a link; {} session(s) revoked", link.accountId(), revoked[0]);
    }

    private void send(
            AccountIdentity account, String address, Locale locale, String token, UUID actor, String clientAddress) {
        Locale language = (locale != null)
                ? locale
                : this.emails
                        .find(account.id())
                        .map(AccountEmails.Email::locale)
                        .orElse(Locale.ENGLISH);
        this.links.send(
                token,
                account,
                address,
                language,
                Purpose.RESET_PASSWORD,
                () -> this.audit.record(
                        AuditLog.Type.PASSWORD_RESET_REQUESTED,
                        account.id(),
                        actor,
                        clientAddress,
                        (actor != null) ? "by administrator" : null));
    }

    /** An administrator asked for a link the account cannot receive. */
    static final class NoResetAddressException extends ProblemException {

        NoResetAddressException() {
            super(
                    HttpStatus.CONFLICT,
                    "no-reset-address",
                    "No verified address",
                    "The account is disabled or has no verified e-mail address to send a link to.");
        }
    }
}
