package dev.tessera.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rule access texts, and which callers a role or permission rule admits. */
class AccessTests {

    private static final Map<String, List<String>> ROLE_PERMISSIONS = Map.of(
            "MODERATOR", List.of("forum:moderate"),
            "ADMIN", List.of("forum:moderate", "users:read"));

    @Test
    void permissionWhenResolvedThenAdmitsExactlyTheRolesGrantedIt() {
        Access access = Access.parse("permission:forum:moderate").resolve(ROLE_PERMISSIONS);

        assertThat(access.kind()).isEqualTo(Access.Kind.PERMISSION);
        assertThat(access.grantedBy()).containsExactlyInAnyOrder("MODERATOR", "ADMIN");
        assertThat(access.admits(List.of("USER", "MODERATOR"))).isTrue();
        assertThat(access.admits(List.of("ADMIN"))).isTrue();
        assertThat(access.admits(List.of("USER"))).isFalse();
        assertThat(access.admits(List.of())).isFalse();
        assertThat(access.admits(List.of("moderator")))
                .as("roles compare exactly")
                .isFalse();
    }

    @Test
    void permissionWhenGrantedToNoRoleThenRefusedAsAdmittingNobody() {
        assertThatThrownBy(() -> Access.parse("permission:billing:read").resolve(ROLE_PERMISSIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("billing:read", "tessera.gateway.role-permissions", "nobody");
    }

    @Test
    void permissionWhenUnresolvedThenAdmitsNobody() {
        assertThat(Access.parse("permission:forum:moderate").admits(List.of("ADMIN")))
                .isFalse();
    }

    @Test
    void permissionWhenNameMalformedThenRefused() {
        assertThatThrownBy(() -> Access.parse("permission:Forum Moderate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Forum Moderate");
        assertThatThrownBy(() -> Access.parse("permission:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permission:NAME");
    }

    @Test
    void roleWhenParsedThenAdmitsOnlyThatRoleAndOtherKindsNeedNone() {
        Access role = Access.parse("role:ADMIN");

        assertThat(role).isEqualTo(new Access(Access.Kind.ROLE, "ADMIN"));
        assertThat(role.grantedBy()).isEqualTo(Set.of("ADMIN"));
        assertThat(role.admits(List.of("USER", "ADMIN"))).isTrue();
        assertThat(role.admits(List.of("USER"))).isFalse();
        assertThat(Access.parse("authenticated").admits(List.of())).isTrue();
        assertThat(Access.parse("role:ADMIN").resolve(ROLE_PERMISSIONS)).isEqualTo(role);
    }
}
