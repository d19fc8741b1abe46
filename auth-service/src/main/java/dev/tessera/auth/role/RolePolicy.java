package dev.tessera.auth.role;

import java.util.List;
import java.util.Map;

/**
 * What every role grants, as gateways read it ({@code GET /internal/roles}).
 *
 * @param version a digest of {@code roles}: equal documents have equal versions on every auth-service instance, so
 *     it serves as the strong ETag
 * @param roles the permissions of each role, both sorted; a role without permissions is listed with none
 */
public record RolePolicy(String version, Map<String, List<String>> roles) {}
