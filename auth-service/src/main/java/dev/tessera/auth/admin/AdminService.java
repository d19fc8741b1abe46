package dev.tessera.auth.admin;

import dev.tessera.auth.account.AccountAdministration;
import dev.tessera.auth.account.AccountView;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.keys.KeyRotation;
import dev.tessera.auth.keys.KeyView;
import dev.tessera.auth.recovery.PasswordReset;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.refresh.RevocationReason;
import dev.tessera.auth.revocation.Revocations;
import dev.tessera.auth.web.ProblemException;
import dev.tessera.passport.Passport;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Administrative actions: each checks the caller against the database and is logged for audit. */
@Service
class AdminService {

    private static final Logger log = LoggerFactory.getLogger(AdminService.class);

    private final AccountAdministration accounts;

    private final RefreshTokenService refreshTokens;

    private final KeyRotation keys;

    private final TransactionTemplate transactions;

    private final Revocations revocations;

    private final AuditLog audit;

    private final PasswordReset passwordReset;

    AdminService(
            AccountAdministration accounts,
            RefreshTokenService refreshTokens,
            KeyRotation keys,
            TransactionTemplate transactions,
            Revocations revocations,
            AuditLog audit,
            PasswordReset passwordReset) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.keys = keys;
        this.transactions = transactions;
        this.revocations = revocations;
        this.audit = audit;
        this.passwordReset = passwordReset;
    }

    Page<AccountView> search(Passport caller, String query, int page, int size) {
        requireAdmin(caller);
        return this.accounts.search(query, page, size);
    }

    AuditLog.Page audit(Passport caller, AuditLog.Type type, UUID account, int page, int size) {
        requireAdmin(caller);
        return this.audit.page(type, account, page, size);
    }

    AccountView view(Passport caller, UUID id) {
        requireAdmin(caller);
        return this.accounts.view(id).orElseThrow(AccountAdministration::notFound);
    }

    AccountView changeRoles(Passport caller, UUID id, Set<String> roles) {
        UUID actor = requireAdmin(caller);
        // Access tokens carry roles: a real change revokes the account's tokens issued so far, so old roles
        // stop working at the gateway within its poll interval (sessions stay; a refresh gets the new roles).
        AccountView changed = this.transactions.execute(status -> {
            Set<String> before =
                    this.accounts.view(id).map(view -> Set.copyOf(view.roles())).orElse(Set.of());
            AccountView after = this.accounts.changeRoles(id, roles);
            if (!Set.copyOf(after.roles()).equals(before)) {
                this.revocations.revokeUser(id, "ROLE_CHANGED");
                this.audit.record(AuditLog.Type.ROLES_CHANGED, id, actor, null, String.join(",", after.roles()));
            }
            return after;
        });
        log.info("Admin {} set the roles of account {} to {}", actor, id, changed.roles());
        return changed;
    }

    /** Disabling also revokes every refresh family, in the same transaction. */
    AccountView setEnabled(Passport caller, UUID id, boolean enabled) {
        UUID actor = requireAdmin(caller);
        AccountView changed = this.transactions.execute(status -> {
            AccountView view = this.accounts.setEnabled(id, enabled);
            if (!enabled) {
                this.refreshTokens.revokeAll(id, RevocationReason.ACCOUNT_DISABLED);
            }
            this.audit.record(
                    enabled ? AuditLog.Type.ACCOUNT_ENABLED : AuditLog.Type.ACCOUNT_DISABLED, id, actor, null, null);
            return view;
        });
        log.info("Admin {} {} account {}", actor, enabled ? "enabled" : "disabled", id);
        return changed;
    }

    void revokeSessions(Passport caller, UUID id) {
        UUID actor = requireAdmin(caller);
        this.accounts.view(id).orElseThrow(AccountAdministration::notFound);
        int revoked = this.refreshTokens.revokeAll(id, RevocationReason.ADMIN_REVOKED);
        log.info("Admin {} revoked {} session(s) of account {}", actor, revoked, id);
    }

    /** Audited by {@link PasswordReset} (PASSWORD_RESET_REQUESTED with this actor). */
    void sendPasswordReset(Passport caller, UUID id) {
        UUID actor = requireAdmin(caller);
        this.accounts.view(id).orElseThrow(AccountAdministration::notFound);
        this.passwordReset.sendByAdministrator(id, actor);
    }

    List<KeyView> keys(Passport caller) {
        requireAdmin(caller);
        return this.keys.status();
    }

    String rotateKeys(Passport caller, boolean discardPrevious) {
        UUID actor = requireAdmin(caller);
        String kid = this.keys.rotateNow(discardPrevious);
        this.audit.record(
                AuditLog.Type.KEY_ROTATED,
                null,
                actor,
                null,
                "kid " + kid + (discardPrevious ? ", previous discarded" : ""));
        log.warn(
                "Admin {} rotated the signing key now (new kid {}, previous discarded: {})",
                actor,
                kid,
                discardPrevious);
        return kid;
    }

    /** The caller's account id, when it is an enabled administrator in the database at this moment. */
    UUID requireAdmin(Passport caller) {
        UUID id;
        try {
            id = UUID.fromString(caller.userId());
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new NotAnAdministratorException();
        }
        if (!this.accounts.isActiveAdmin(id)) {
            throw new NotAnAdministratorException();
        }
        return id;
    }

    static final class NotAnAdministratorException extends ProblemException {

        NotAnAdministratorException() {
            super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This action needs an active administrator.");
        }
    }
}
