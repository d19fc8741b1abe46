package dev.tessera.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account as callers and administrators see it (never the password hash). */
public record AccountView(
        UUID id,
        String username,
        @JsonProperty("display_name") String displayName,
        List<String> roles,
        boolean enabled,
        @JsonProperty("created_at") Instant createdAt) {

    static AccountView of(Account account) {
        return new AccountView(
                account.id(),
                account.username(),
                account.displayName(),
                account.identity().roleNames(),
                account.isEnabled(),
                account.createdAt());
    }
}
