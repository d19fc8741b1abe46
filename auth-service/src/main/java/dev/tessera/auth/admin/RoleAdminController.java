package dev.tessera.auth.admin;

import dev.tessera.auth.role.RoleCatalog;
import dev.tessera.auth.role.RoleView;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Roles and their permissions (issue 17), for active administrators like the rest of {@code /auth/admin}. Every
 * change is audited ({@code ROLE_CREATED}, {@code ROLE_CHANGED}, {@code ROLE_DELETED}). A change of permissions
 * reaches the gateways within their policy poll interval; it revokes no token, since tokens carry role names only.
 */
@RestController
@RequireCaller(anyRole = "ADMIN")
class RoleAdminController {

    private static final Logger log = LoggerFactory.getLogger(RoleAdminController.class);

    private final AdminService admin;

    private final RoleCatalog roles;

    RoleAdminController(AdminService admin, RoleCatalog roles) {
        this.admin = admin;
        this.roles = roles;
    }

    @GetMapping(path = "/auth/admin/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleList> list(Passport caller) {
        this.admin.requireAdmin(caller);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new RoleList(this.roles.list()));
    }

    @GetMapping(path = "/auth/admin/roles/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleView> view(Passport caller, @PathVariable String name) {
        this.admin.requireAdmin(caller);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.roles.view(name));
    }

    @PostMapping(
            path = "/auth/admin/roles",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleView> create(Passport caller, @Valid @RequestBody CreateRequest request) {
        UUID actor = this.admin.requireAdmin(caller);
        RoleView created = this.roles.create(request.name(), request.description(), request.permissions(), actor);
        log.info("Admin {} created role {} with {}", actor, created.name(), created.permissions());
        return ResponseEntity.created(URI.create("/auth/admin/roles/" + created.name()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    /** Replaces the description and the whole set of permissions. */
    @PutMapping(
            path = "/auth/admin/roles/{name}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleView> update(
            Passport caller, @PathVariable String name, @Valid @RequestBody UpdateRequest request) {
        UUID actor = this.admin.requireAdmin(caller);
        RoleView updated = this.roles.update(name, request.description(), request.permissions(), actor);
        log.info("Admin {} set the permissions of role {} to {}", actor, updated.name(), updated.permissions());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(updated);
    }

    /** Built-in roles and roles accounts still hold are refused (409). */
    @DeleteMapping("/auth/admin/roles/{name}")
    ResponseEntity<Void> delete(Passport caller, @PathVariable String name) {
        UUID actor = this.admin.requireAdmin(caller);
        this.roles.delete(name, actor);
        log.info("Admin {} deleted role {}", actor, name);
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /** The grammar of names and permissions is checked by {@link RoleCatalog}, with the same problem shape. */
    record CreateRequest(
            @NotNull @Size(max = 32) String name,
            @Size(max = 200) String description,
            @Size(max = RoleCatalog.MAX_PERMISSIONS) List<@NotNull @Size(max = 64) String> permissions) {}

    record UpdateRequest(
            @Size(max = 200) String description,

            @NotNull @Size(max = RoleCatalog.MAX_PERMISSIONS)
            List<@NotNull @Size(max = 64) String> permissions) {}

    record RoleList(List<RoleView> items) {}
}
