package dev.tessera.auth.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.account.AccountView;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.keys.KeyView;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administration, for callers whose passport carries ADMIN and whose account is, at this moment, an
 * enabled administrator in the database (a demoted admin's access token does not keep working here).
 */
@RestController
@RequireCaller(anyRole = "ADMIN")
class AdminController {

    private final AdminService admin;

    AdminController(AdminService admin) {
        this.admin = admin;
    }

    @GetMapping(path = "/auth/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PageView<AccountView>> users(
            Passport caller,
            @RequestParam(name = "q", required = false) @Size(max = 64) String query,
            @RequestParam(name = "page", defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(name = "size", defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<AccountView> found = this.admin.search(caller, query, page, size);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(PageView.of(found));
    }

    /**
     * Security events, newest first (logins with address, reuse, disabled accounts, role changes, key rotations);
     * only those of one {@code type} and about one {@code account} when given (an unknown type is 400).
     */
    @GetMapping(path = "/auth/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AuditLog.Page> audit(
            Passport caller,
            @RequestParam(name = "type", required = false) AuditLog.Type type,
            @RequestParam(name = "account", required = false) UUID account,
            @RequestParam(name = "page", defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(name = "size", defaultValue = "50") @Min(1) @Max(100) int size) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.admin.audit(caller, type, account, page, size));
    }

    /** The signing keys' status (kid, algorithm, next/active/retired, when): never key material. */
    @GetMapping(path = "/auth/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<KeyList> keys(Passport caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new KeyList(this.admin.keys(caller)));
    }

    @GetMapping(path = "/auth/admin/users/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> user(Passport caller, @PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.admin.view(caller, id));
    }

    @PutMapping(
            path = "/auth/admin/users/{id}/roles",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> changeRoles(
            Passport caller, @PathVariable UUID id, @Valid @RequestBody RolesRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.admin.changeRoles(caller, id, Set.copyOf(request.roles())));
    }

    /** Disables the account and revokes all its refresh tokens; its access tokens die at expiry. */
    @PostMapping(path = "/auth/admin/users/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> disable(Passport caller, @PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.admin.setEnabled(caller, id, false));
    }

    /** Signs the account out everywhere (every refresh family revoked) without disabling it. */
    @PostMapping("/auth/admin/users/{id}/logout")
    ResponseEntity<Void> logout(Passport caller, @PathVariable UUID id) {
        this.admin.revokeSessions(caller, id);
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /** Sends the account a password-reset link to its verified address (the user chooses the new password). */
    @PostMapping("/auth/admin/users/{id}/password-reset")
    ResponseEntity<Void> sendPasswordReset(Passport caller, @PathVariable UUID id) {
        this.admin.sendPasswordReset(caller, id);
        return ResponseEntity.accepted().cacheControl(CacheControl.noStore()).build();
    }

    @PostMapping(path = "/auth/admin/users/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> enable(Passport caller, @PathVariable UUID id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.admin.setEnabled(caller, id, true));
    }

    /**
     * Emergency key rotation: a new key signs from now on. With {@code discard_previous} every older
     * key is dropped at once (suspected compromise; their tokens stop verifying).
     */
    @PostMapping(path = "/auth/admin/keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RotationResponse> rotateKeys(
            Passport caller, @RequestBody(required = false) @Valid RotateRequest request) {
        boolean discard = request != null && Boolean.TRUE.equals(request.discardPrevious());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new RotationResponse(this.admin.rotateKeys(caller, discard)));
    }

    /** Any defined roles (an unknown one is 400 {@code unknown-role}); USER is always kept. */
    record RolesRequest(@NotNull @Size(min = 1, max = 16) List<@NotNull @Size(max = 32) String> roles) {}

    record RotateRequest(@JsonProperty("discard_previous") Boolean discardPrevious) {}

    record RotationResponse(String kid) {}

    record KeyList(List<KeyView> items) {}

    record PageView<T>(
            List<T> items,
            int page,
            int size,
            @JsonProperty("total_items") long totalItems,
            @JsonProperty("total_pages") int totalPages) {

        static <T> PageView<T> of(Page<T> page) {
            return new PageView<>(
                    page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
        }
    }
}
