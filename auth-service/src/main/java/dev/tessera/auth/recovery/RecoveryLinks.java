package dev.tessera.auth.recovery;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.mail.Mailer;
import dev.tessera.auth.recovery.RecoveryTokens.Purpose;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a link: stores its token's hash (with whatever else must commit with it), then queues the message. The
 * message goes out only once the link works, and a link whose message is lost costs nothing but a new request.
 */
@Component
class RecoveryLinks {

    private final RecoveryTokens tokens;

    private final Mailer mailer;

    private final RecoveryProperties properties;

    private final TransactionTemplate transactions;

    RecoveryLinks(
            RecoveryTokens tokens, Mailer mailer, RecoveryProperties properties, TransactionTemplate transactions) {
        this.tokens = tokens;
        this.mailer = mailer;
        this.properties = properties;
        this.transactions = transactions;
    }

    /**
     * Stores {@code token} for {@code purpose} ({@code alsoInTransaction} in the same transaction) and mails the
     * link to {@code address} in {@code locale}; the message is the template named like the purpose's page.
     */
    void send(
            String token,
            AccountIdentity account,
            String address,
            Locale locale,
            Purpose purpose,
            Runnable alsoInTransaction) {
        Duration lifetime = lifetime(purpose);
        this.transactions.executeWithoutResult(status -> {
            this.tokens.store(
                    token, account.id(), purpose, (purpose == Purpose.VERIFY_EMAIL) ? address : null, lifetime);
            alsoInTransaction.run();
        });
        this.mailer.send(
                address,
                locale,
                purpose.page(),
                account.username(),
                this.mailer.lifetime(lifetime, locale),
                this.mailer.link(purpose.page(), token));
    }

    private Duration lifetime(Purpose purpose) {
        return switch (purpose) {
            case VERIFY_EMAIL -> this.properties.verificationLifetime();
            case RESET_PASSWORD -> this.properties.resetLifetime();
        };
    }
}
