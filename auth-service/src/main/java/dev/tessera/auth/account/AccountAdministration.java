package dev.tessera.auth.account;

import dev.tessera.auth.web.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account changes made by administrators. Changes that could remove administrators (roles, disabling)
 * are serialized by the same advisory lock as the first-admin bootstrap, and refused when they would
 * leave no enabled administrator: Tessera never locks itself out.
 */
@Service
public class AccountAdministration {

    private final AccountRepository accounts;

    private final JdbcClient jdbc;

    AccountAdministration(AccountRepository accounts, JdbcClient jdbc) {
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Optional<AccountView> view(UUID id) {
        return this.accounts.findById(id).map(AccountView::of);
    }

    /** Whether the account exists, is enabled and holds ADMIN right now (not per a token's claims). */
    @Transactional(readOnly = true)
    public boolean isActiveAdmin(UUID id) {
        return this.accounts
                .findById(id)
                .filter(Account::isEnabled)
                .filter(a -> a.roles().contains(Role.ADMIN))
                .isPresent();
    }

    /**
     * Accounts whose canonical username contains {@code query} (canonicalized like a username; LIKE
     * wildcards in it are matched literally), ordered by username.
     */
    @Transactional(readOnly = true)
    public Page<AccountView> search(String query, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by("username"));
        String needle = (query == null) ? "" : Username.canonicalize(query);
        Page<Account> found = needle.isEmpty()
                ? this.accounts.findAll(request)
                : this.accounts.findByUsernameContaining(needle, request);
        return found.map(AccountView::of);
    }

    /**
     * Replaces an account's roles; USER is always kept. Every role must be defined (400 {@code unknown-role} naming
     * the first that is not); the defined ones are locked ({@code FOR KEY SHARE}) until the transaction ends, so a
     * concurrent delete of one of them waits and then finds it held. Joins the caller's transaction.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public AccountView changeRoles(UUID id, Set<String> roles) {
        lockAdministrators();
        Account account = this.accounts.findById(id).orElseThrow(AccountNotFoundException::new);
        Set<String> next = new TreeSet<>(roles);
        next.add(Role.USER);
        List<String> defined = this.jdbc
                .sql("SELECT name FROM role WHERE name = ANY (?) FOR KEY SHARE")
                .param(next.toArray(String[]::new))
                .query(String.class)
                .list();
        for (String role : next) {
            if (!defined.contains(role) || !Role.isValidName(role)) {
                throw new UnknownRoleException(role);
            }
        }
        if (account.roles().contains(Role.ADMIN) && !next.contains(Role.ADMIN) && account.isEnabled()) {
            requireAnotherAdmin(id);
        }
        account.replaceRoles(next);
        return AccountView.of(this.accounts.saveAndFlush(account));
    }

    /** Enables or disables an account. Joins the caller's transaction. */
    @Transactional(propagation = Propagation.REQUIRED)
    public AccountView setEnabled(UUID id, boolean enabled) {
        lockAdministrators();
        Account account = this.accounts.findById(id).orElseThrow(AccountNotFoundException::new);
        if (!enabled && account.isEnabled() && account.roles().contains(Role.ADMIN)) {
            requireAnotherAdmin(id);
        }
        account.setEnabled(enabled);
        return AccountView.of(this.accounts.saveAndFlush(account));
    }

    /** The 404 problem for an unknown account id. */
    public static ProblemException notFound() {
        return new AccountNotFoundException();
    }

    private void requireAnotherAdmin(UUID excluded) {
        if (this.accounts.countEnabledWithRoleExcept(Role.ADMIN, excluded) == 0) {
            throw new LastAdministratorException();
        }
    }

    private void lockAdministrators() {
        this.jdbc
                .sql("SELECT pg_advisory_xact_lock(?)")
                .param(AdminBootstrap.LOCK_ID)
                .query()
                .singleRow();
    }

    static final class AccountNotFoundException extends ProblemException {

        AccountNotFoundException() {
            super(HttpStatus.NOT_FOUND, "account-not-found", "Account not found", "There is no such account.");
        }
    }

    static final class UnknownRoleException extends ProblemException {

        private final String role;

        UnknownRoleException(String role) {
            super(
                    HttpStatus.BAD_REQUEST,
                    "unknown-role",
                    "Unknown role",
                    "roles: '" + shortened(role) + "' is not a defined role (GET /auth/admin/roles lists them).");
            this.role = shortened(role);
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("role", this.role);
        }

        private static String shortened(String role) {
            return (role.length() <= 40) ? role : role.substring(0, 40) + "...";
        }
    }

    static final class LastAdministratorException extends ProblemException {

        LastAdministratorException() {
            super(
                    HttpStatus.CONFLICT,
                    "last-administrator",
                    "Last administrator",
                    "This change would leave no enabled administrator.");
        }
    }
}
