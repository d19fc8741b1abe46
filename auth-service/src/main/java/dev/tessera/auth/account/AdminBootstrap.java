package dev.tessera.auth.account;

import dev.tessera.auth.posture.SecretsPosture;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first administrator before the web server starts, when no account holds ADMIN. The
 * password comes from {@code TESSERA_ADMIN_PASSWORD} and must pass the password policy; with the
 * {@code dev} profile and no password set, a random one is generated and printed once. There is
 * never a fixed default. If the configured username already belongs to a non-admin account, start-up
 * fails rather than promote an account someone else may have registered.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    /** Advisory lock id for administrator changes ("tessera-admin" in ASCII, truncated to 64 bits). */
    static final long LOCK_ID = 0x7465737365726164L;

    private final AccountRepository accounts;

    private final PasswordPolicy policy;

    private final PasswordHashing hashing;

    private final AdminProperties properties;

    private final SecretsPosture posture;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    AdminBootstrap(
            AccountRepository accounts,
            PasswordPolicy policy,
            PasswordHashing hashing,
            AdminProperties properties,
            SecretsPosture posture,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.accounts = accounts;
        this.policy = policy;
        this.hashing = hashing;
        this.properties = properties;
        this.posture = posture;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Username username = Username.parse(this.properties.username());
        String configured = this.properties.password();
        boolean hasConfigured = configured != null && !configured.isEmpty();
        // A configured password is always checked, even when it will not be used.
        String checked = hasConfigured ? checkedPassword(configured, username) : null;
        this.transactions.executeWithoutResult(status -> {
            this.jdbc
                    .sql("SELECT pg_advisory_xact_lock(?)")
                    .param(LOCK_ID)
                    .query()
                    .singleRow();
            if (this.accounts.existsWithRole(Role.ADMIN)) {
                return;
            }
            if (this.accounts.existsByUsername(username.value())) {
                throw new IllegalStateException("Refusing to start: no administrator exists and the username '"
                        + username + "' (tessera.auth.admin.username) belongs to an ordinary account");
            }
            String password = checked;
            boolean generated = false;
            if (password == null) {
                if (!this.posture.developmentMode()) {
                    throw new IllegalStateException(
                            "Refusing to start: no administrator exists and TESSERA_ADMIN_PASSWORD is not set");
                }
                password = generatePassword();
                generated = true;
            }
            Account admin = new Account(
                    username, null, this.hashing.hash(password), Set.of(Role.USER, Role.ADMIN), this.clock.instant());
            this.accounts.saveAndFlush(admin);
            if (generated) {
                log.warn("DEVELOPMENT: created administrator '{}' with generated password: {}", username, password);
            } else {
                log.info("Created administrator '{}' from configuration", username);
            }
        });
    }

    private String checkedPassword(String configured, Username username) {
        try {
            return this.policy.check(configured, username);
        } catch (InvalidInputException ex) {
            throw new IllegalStateException(
                    "Refusing to start: TESSERA_ADMIN_PASSWORD " + ex.detail().substring("password: ".length()));
        }
    }

    private static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
