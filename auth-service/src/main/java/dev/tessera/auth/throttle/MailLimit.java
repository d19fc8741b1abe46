package dev.tessera.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recovery mail (verification and password-reset links) per e-mail address and per account: {@link TokenBuckets}
 * in PostgreSQL, so no address and no account can be flooded with messages, and "forgot password" cannot be used
 * to guess addresses quickly.
 *
 * <p>Which refusal is visible matters: the address bucket is taken before the address is looked up, so its 429 is
 * the same whether the address is known or not. The account bucket is taken only once an account was found: where
 * the caller must not learn that ("forgot password"), it is {@link #tryAccount tried} and an empty bucket only
 * means no message goes out.
 */
@Component
public class MailLimit {

    private final TokenBuckets buckets;

    private final MailLimitProperties properties;

    MailLimit(JdbcClient jdbc, TransactionTemplate transactions, MailLimitProperties properties, Clock clock) {
        this.buckets = new TokenBuckets(jdbc, transactions, clock, "mail_limit", "limit_key");
        this.properties = properties;
    }

    /**
     * Takes one message from the e-mail address's bucket (compared case-insensitively).
     *
     * @throws TooManyMailsException when it is empty (429 with Retry-After); nothing is taken
     */
    public void acquireAddress(String address) {
        refuseIfWaiting(takeAddress(address));
    }

    /**
     * Takes one message from the account's bucket.
     *
     * @throws TooManyMailsException when it is empty (429 with Retry-After); nothing is taken
     */
    public void acquireAccount(UUID accountId) {
        refuseIfWaiting(takeAccount(accountId));
    }

    /** Takes one message from the account's bucket; false when it is empty (nothing is taken). */
    public boolean tryAccount(UUID accountId) {
        return takeAccount(accountId).isZero();
    }

    /** Deletes buckets that have refilled completely. */
    int purgeFull() {
        return this.buckets.purgeFull(this.properties.period());
    }

    private Duration takeAddress(String address) {
        return this.buckets.take(
                TokenBuckets.key("mail-address", address.toLowerCase(Locale.ROOT)),
                this.properties.maxPerAddress(),
                this.properties.period());
    }

    private Duration takeAccount(UUID accountId) {
        return this.buckets.take(
                TokenBuckets.key("mail-account", accountId.toString()),
                this.properties.maxPerAccount(),
                this.properties.period());
    }

    private static void refuseIfWaiting(Duration wait) {
        if (!wait.isZero()) {
            throw new TooManyMailsException(wait);
        }
    }
}
