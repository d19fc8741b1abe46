package dev.tessera.auth.account;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Who an authenticated account is, as far as tokens are concerned. */
public record AccountIdentity(UUID id, String username, Set<String> roles) {

    public AccountIdentity {
        roles = Set.copyOf(roles);
    }

    /** Role names in a stable order, for the {@code roles} claim. */
    public List<String> roleNames() {
        return this.roles.stream().sorted().toList();
    }
}
