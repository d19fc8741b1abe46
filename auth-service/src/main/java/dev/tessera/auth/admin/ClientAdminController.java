package dev.tessera.auth.admin;

import dev.tessera.auth.client.MachineClientView;
import dev.tessera.auth.client.MachineClients;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Machine clients (client credentials), for active administrators like the rest of {@code /auth/admin}. A secret is
 * shown once, in the answer to a registration or a rotation; listings never show a secret or a hash. Every change is
 * audited.
 */
@RestController
@RequireCaller(anyRole = "ADMIN")
class ClientAdminController {

    private final AdminService admin;

    private final MachineClients clients;

    ClientAdminController(AdminService admin, MachineClients clients) {
        this.admin = admin;
        this.clients = clients;
    }

    @PostMapping(
            path = "/auth/admin/clients",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MachineClientView> register(Passport caller, @Valid @RequestBody RegisterRequest request) {
        UUID actor = this.admin.requireAdmin(caller);
        MachineClientView created =
                this.clients.register(request.clientId(), request.audiences(), request.scopes(), actor);
        return ResponseEntity.created(URI.create("/auth/admin/clients/" + created.clientId()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping(path = "/auth/admin/clients", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ClientList> list(Passport caller) {
        this.admin.requireAdmin(caller);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new ClientList(this.clients.list()));
    }

    @GetMapping(path = "/auth/admin/clients/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MachineClientView> view(Passport caller, @PathVariable String clientId) {
        this.admin.requireAdmin(caller);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.clients.view(clientId));
    }

    /** A new secret, shown once; the old one stops working at once (no grace period). */
    @PostMapping(path = "/auth/admin/clients/{clientId}/secret", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MachineClientView> rotateSecret(Passport caller, @PathVariable String clientId) {
        UUID actor = this.admin.requireAdmin(caller);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.clients.rotateSecret(clientId, actor));
    }

    /** A disabled client gets {@code invalid_client}; tokens it already holds expire within their lifetime. */
    @PostMapping(path = "/auth/admin/clients/{clientId}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MachineClientView> disable(Passport caller, @PathVariable String clientId) {
        UUID actor = this.admin.requireAdmin(caller);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.clients.setEnabled(clientId, false, actor));
    }

    @PostMapping(path = "/auth/admin/clients/{clientId}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MachineClientView> enable(Passport caller, @PathVariable String clientId) {
        UUID actor = this.admin.requireAdmin(caller);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(this.clients.setEnabled(clientId, true, actor));
    }

    /** The rules beyond presence are checked by {@link MachineClients#register}, with the same problem shape. */
    record RegisterRequest(
            @NotNull String clientId,
            @NotNull @Size(min = 1, max = 16) List<String> audiences,
            @Size(max = 32) List<String> scopes) {}

    record ClientList(List<MachineClientView> items) {}
}
