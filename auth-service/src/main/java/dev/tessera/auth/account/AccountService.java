package dev.tessera.auth.account;

import java.text.Normalizer;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration and credential checks. No method holds a database connection while it hashes: a hash
 * takes tens of milliseconds and the pool is small.
 */
@Service
public class AccountService {

    static final int DISPLAY_NAME_MAX = 64;

    private final AccountRepository accounts;

    private final PasswordPolicy policy;

    private final PasswordHashing hashing;

    private final Clock clock;

    private final TransactionTemplate transactions;

    private final SecondFactorPresence factors;

    AccountService(
            AccountRepository accounts,
            PasswordPolicy policy,
            PasswordHashing hashing,
            Clock clock,
            TransactionTemplate transactions,
            SecondFactorPresence factors) {
        this.accounts = accounts;
        this.policy = policy;
        this.hashing = hashing;
        this.clock = clock;
        this.transactions = transactions;
        this.factors = factors;
    }

    /**
     * Creates an account with the USER role.
     *
     * @param beforeNameCheck runs once every field is valid and before the name is looked up (the
     *     registration limit: only attempts that can learn whether a name is taken are counted); it may throw
     * @throws InvalidInputException when a field breaks a rule (400)
     * @throws UsernameTakenException when the canonical username exists (409)
     * @throws HashingBusyException when every hashing slot is taken (503)
     */
    Account register(String rawUsername, String password, String rawDisplayName, Runnable beforeNameCheck) {
        Username username = Username.parse(rawUsername);
        String displayName = displayName(rawDisplayName);
        String normalizedPassword = this.policy.check(password, username, displayName, false);
        beforeNameCheck.run();
        if (this.accounts.existsByUsername(username.value())) {
            throw new UsernameTakenException();
        }
        String hash = this.hashing.hash(normalizedPassword);
        Account account = new Account(username, displayName, hash, Set.of(Role.USER), this.clock.instant());
        try {
            return this.accounts.saveAndFlush(account);
        } catch (DataIntegrityViolationException ex) {
            // Lost a race for the same name.
            throw new UsernameTakenException();
        }
    }

    /**
     * Checks a username and password. Unknown names, malformed names, wrong passwords and disabled
     * accounts all cost one argon2id verification and all answer empty, so neither the answer nor
     * its timing tells which accounts exist.
     *
     * @throws HashingBusyException when every hashing slot is taken (503)
     */
    public Optional<AccountIdentity> authenticate(String rawUsername, String password) {
        String normalized = PasswordPolicy.normalize(password);
        Optional<Account> account =
                Username.tryParse(rawUsername).flatMap(name -> this.accounts.findByUsername(name.value()));
        if (account.isEmpty()) {
            this.hashing.burnDummy(normalized);
            return Optional.empty();
        }
        Account found = account.get();
        if (!this.hashing.matches(normalized, found.passwordHash()) || !found.isEnabled()) {
            return Optional.empty();
        }
        if (this.hashing.needsUpgrade(found.passwordHash())) {
            // Re-hash with the current algorithm and parameters while we hold the password.
            String upgraded = this.hashing.hash(normalized);
            this.accounts.replacePasswordHash(found.id(), found.passwordHash(), upgraded);
        }
        return Optional.of(found.identity());
    }

    /** The outcome of {@link #changePassword}. */
    public enum PasswordChange {
        CHANGED,
        WRONG_CURRENT_PASSWORD,
        NO_ACTIVE_ACCOUNT
    }

    /**
     * Changes a password after checking the current one. The new password is checked against the
     * policy first (no hashing work for a password that would be refused anyway). Hashing happens
     * before any transaction; the new hash and {@code alsoOnChange} (the revocations a password change
     * implies) commit together or not at all, so no session outlives the old password by a single request.
     *
     * @throws InvalidInputException when the new password breaks the policy (400)
     * @throws HashingBusyException when every hashing slot is taken (503)
     */
    public PasswordChange changePassword(UUID id, String currentPassword, String newPassword, Runnable alsoOnChange) {
        Optional<Account> account = this.accounts.findById(id).filter(Account::isEnabled);
        if (account.isEmpty()) {
            return PasswordChange.NO_ACTIVE_ACCOUNT;
        }
        Account found = account.get();
        String normalized = checkNewPassword(found, newPassword);
        if (currentPassword == null
                || !plausiblePassword(currentPassword)
                || !this.hashing.matches(PasswordPolicy.normalize(currentPassword), found.passwordHash())) {
            return PasswordChange.WRONG_CURRENT_PASSWORD;
        }
        // A concurrent change won: the caller must retry with the password now in force.
        return replacePassword(found, normalized, alsoOnChange)
                ? PasswordChange.CHANGED
                : PasswordChange.WRONG_CURRENT_PASSWORD;
    }

    /**
     * Sets a new password without the current one (a password-reset link stands in for it), under the same
     * policy as a change. As there, hashing happens before any transaction, and the new hash commits together with
     * {@code alsoOnChange} (consuming the link, revoking every session) or not at all; {@code alsoOnChange} may
     * throw to roll the new hash back.
     *
     * @return false when the account is gone or disabled, or a concurrent change replaced the hash first
     * @throws InvalidInputException when the new password breaks the policy (400)
     * @throws HashingBusyException when every hashing slot is taken (503)
     */
    public boolean resetPassword(UUID id, String newPassword, Runnable alsoOnChange) {
        Optional<Account> account = this.accounts.findById(id).filter(Account::isEnabled);
        if (account.isEmpty()) {
            return false;
        }
        return replacePassword(account.get(), checkNewPassword(account.get(), newPassword), alsoOnChange);
    }

    private String checkNewPassword(Account account, String newPassword) {
        try {
            // 800-63B-4 by case: 15 characters for a password that is the account's only factor, 8 beside a second
            // factor (the second factor is checked at every login, so the password need not carry it all).
            return this.policy.check(
                    newPassword,
                    new Username(account.username()),
                    account.displayName(),
                    this.factors.hasSecondFactor(account.id()));
        } catch (InvalidInputException ex) {
            throw new InvalidInputException("new_password", ex.detail().substring("password: ".length()));
        }
    }

    private boolean replacePassword(Account account, String normalized, Runnable alsoOnChange) {
        String hash = this.hashing.hash(normalized);
        return this.transactions.execute(status -> {
            int updated = this.accounts.replacePasswordHash(account.id(), account.passwordHash(), hash);
            if (updated != 1) {
                return false;
            }
            alsoOnChange.run();
            return true;
        });
    }

    /**
     * Whether a password is the current one of an enabled account: re-authentication before a change that a stolen
     * access token alone must not make (disabling a second factor). One argon2id verification.
     *
     * @throws HashingBusyException when every hashing slot is taken (503)
     */
    public boolean checkPassword(UUID id, String password) {
        if (!plausiblePassword(password)) {
            return false;
        }
        Optional<Account> account = this.accounts.findById(id).filter(Account::isEnabled);
        return account.isPresent()
                && this.hashing.matches(
                        PasswordPolicy.normalize(password), account.get().passwordHash());
    }

    /**
     * Whether a password is long enough to be the account's only factor (800-63B-4's 15 characters by default):
     * an account whose password was set beside a second factor must lengthen it before removing the last one.
     */
    public boolean longEnoughAlone(String password) {
        return password != null && this.policy.longEnoughAlone(password);
    }

    /** The fewest characters of a password that is the account's only factor. */
    public int singleFactorMinLength() {
        return this.policy.singleFactorMinLength();
    }

    /** Whether a password could be valid at all; longer ones are refused before any hashing. */
    public static boolean plausiblePassword(String password) {
        return password != null && PasswordPolicy.withinLength(PasswordPolicy.normalize(password));
    }

    /** The account behind a token, if it still exists and is enabled. */
    public Optional<AccountIdentity> findActive(UUID id) {
        return this.accounts.findById(id).filter(Account::isEnabled).map(Account::identity);
    }

    private static String displayName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("display_name", "must not be blank");
        }
        if (name.codePointCount(0, name.length()) > DISPLAY_NAME_MAX) {
            throw new InvalidInputException("display_name", "must be at most " + DISPLAY_NAME_MAX + " characters");
        }
        boolean clean = name.codePoints().allMatch(AccountService::allowedInDisplayName);
        if (!clean) {
            throw new InvalidInputException(
                    "display_name", "must not contain control, formatting or invisible characters");
        }
        return name;
    }

    private static boolean allowedInDisplayName(int codePoint) {
        int type = Character.getType(codePoint);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
