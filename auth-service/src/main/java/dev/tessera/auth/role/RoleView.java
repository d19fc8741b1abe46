package dev.tessera.auth.role;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A role as administrators see it.
 *
 * @param name the role's name, as tokens and passports carry it
 * @param description what the role is for
 * @param builtIn whether it is one of USER, MODERATOR, ADMIN (which cannot be deleted)
 * @param permissions what it grants at the gateways' {@code permission:NAME} rules, sorted
 * @param accounts how many accounts hold it
 * @param createdAt when it was created
 * @param updatedAt when its description or permissions last changed
 */
public record RoleView(
        String name,
        String description,
        @JsonProperty("built_in") boolean builtIn,
        List<String> permissions,
        long accounts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {}
