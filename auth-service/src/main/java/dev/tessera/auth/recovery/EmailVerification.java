package dev.tessera.auth.recovery;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.mail.Mailer;
import dev.tessera.auth.recovery.RecoveryTokens.Link;
import dev.tessera.auth.recovery.RecoveryTokens.Purpose;
import dev.tessera.auth.throttle.MailLimit;
import dev.tessera.auth.web.ProblemException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An account's e-mail address: set by the signed-in user, proven by a single-use link sent to it. Only a verified
 * address receives password-reset links, so a typo (or someone else's address) never gets one.
 *
 * <p>A change takes effect at once and unverified: the old address stops receiving reset links, and if it was
 * verified it is told about the change (the account's owner learns of a change made with a stolen session).
 */
@Service
public class EmailVerification {

    private static final Logger log = LoggerFactory.getLogger(EmailVerification.class);

    /** The caller's address as the caller sees it. */
    public record EmailView(String email, boolean verified) {}

    /** The outcome of {@link #change}. */
    public enum Change {
        /** A verification link went out. */
        SENT,
        /** This address is already the account's, verified: nothing sent. */
        UNCHANGED,
        /** The account is gone or disabled. */
        NO_ACTIVE_ACCOUNT
    }

    private final AccountService accounts;

    private final AccountEmails emails;

    private final RecoveryTokens tokens;

    private final RecoveryLinks links;

    private final MailLimit limit;

    private final Mailer mailer;

    private final AuditLog audit;

    private final TransactionTemplate transactions;

    EmailVerification(
            AccountService accounts,
            AccountEmails emails,
            RecoveryTokens tokens,
            RecoveryLinks links,
            MailLimit limit,
            Mailer mailer,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.accounts = accounts;
        this.emails = emails;
        this.tokens = tokens;
        this.links = links;
        this.limit = limit;
        this.mailer = mailer;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** The account's address, if it has one. */
    public Optional<EmailView> view(UUID accountId) {
        return this.emails.find(accountId).map(email -> new EmailView(email.address(), email.verified()));
    }

    /**
     * Sets or changes the account's address and sends a verification link to it, in {@code locale}.
     *
     * @throws dev.tessera.auth.account.InvalidInputException when it is not an e-mail address (400)
     * @throws ProblemException 429 when the account or the address asked for too many messages
     */
    public Change change(UUID accountId, String rawAddress, Locale locale) {
        String address = EmailAddresses.parse(rawAddress);
        Optional<AccountIdentity> account = this.accounts.findActive(accountId);
        if (account.isEmpty()) {
            return Change.NO_ACTIVE_ACCOUNT;
        }
        Optional<AccountEmails.Email> before = this.emails.find(accountId);
        if (before.isPresent()
                && before.get().verified()
                && before.get().address().equals(address)) {
            return Change.UNCHANGED;
        }
        this.limit.acquireAccount(accountId);
        this.limit.acquireAddress(address);
        this.links.send(RecoveryTokens.generate(), account.get(), address, locale, Purpose.VERIFY_EMAIL, () -> {
            this.emails.set(accountId, address, locale);
            this.audit.record(AuditLog.Type.EMAIL_CHANGED, accountId, accountId, null, null);
        });
        String username = account.get().username();
        before.filter(AccountEmails.Email::verified)
                .filter(old -> !old.address().equalsIgnoreCase(address))
                .ifPresent(old -> this.mailer.send(old.address(), old.locale(), "email-changed", username));
        log.info("Account {} set an e-mail address; verification link sent", accountId);
        return Change.SENT;
    }

    /**
     * Marks the address a link was sent to verified, if it is still the account's, and uses the link up.
     *
     * @throws InvalidLinkException unknown, used, or for an address the account no longer has (400)
     * @throws ExpiredLinkException past its lifetime (410)
     * @throws EmailTakenException another account verified this address first (409); the link stays unused
     */
    public void verify(String token) {
        Link link = this.tokens.find(token, Purpose.VERIFY_EMAIL);
        try {
            this.transactions.executeWithoutResult(status -> {
                this.tokens.consume(link);
                if (!this.emails.markVerified(link.accountId(), link.address())) {
                    throw new InvalidLinkException();
                }
                this.audit.record(AuditLog.Type.EMAIL_VERIFIED, link.accountId(), link.accountId(), null, null);
            });
        } catch (DataIntegrityViolationException ex) {
            throw new EmailTakenException();
        }
        log.info("Account {} verified its e-mail address", link.accountId());
    }

    /** A verified address belongs to one account. */
    static final class EmailTakenException extends ProblemException {

        EmailTakenException() {
            super(
                    HttpStatus.CONFLICT,
                    "email-taken",
                    "Address in use",
                    "This e-mail address is already verified for another account.");
        }
    }
}
