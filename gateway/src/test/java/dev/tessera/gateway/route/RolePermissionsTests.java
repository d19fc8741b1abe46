package dev.tessera.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the passport's {@code perm} carries: the caller's permissions of one namespace, sorted, bounded. */
class RolePermissionsTests {

    private final RolePermissions policy = RolePermissions.fixed(
            Map.of(
                    "USER", List.of("forum:post", "auth:me"),
                    "MODERATOR", List.of("forum:post", "forum:moderate", "forum.archive:read", "plain"),
                    "ADMIN", List.of("forum:moderate", "auth:admin")),
            Set.of());

    @Test
    void permissionsInWhenRolesOverlapThenUnionOfTheNamespaceSorted() {
        assertThat(policy.permissionsIn("forum", List.of("USER", "MODERATOR", "ADMIN")))
                .containsExactly("forum:moderate", "forum:post");
        assertThat(policy.permissionsIn("auth", List.of("USER", "ADMIN"))).containsExactly("auth:admin", "auth:me");
        assertThat(policy.permissionsIn("forum.archive", List.of("MODERATOR"))).containsExactly("forum.archive:read");
    }

    @Test
    void permissionsInWhenNoRoleGrantsAnyThenEmpty() {
        assertThat(policy.permissionsIn("forum", List.of("GUEST"))).isEmpty();
        assertThat(policy.permissionsIn("notification", List.of("USER", "ADMIN")))
                .isEmpty();
        assertThat(policy.permissionsIn("forum", List.of())).isEmpty();
        assertThat(policy.permissionsIn(null, List.of("USER"))).isEmpty();
    }

    @Test
    void permissionsInWhenBeforeTheFirstPolicyThenEmptyAndAfterItTheNewOne() {
        RolePermissions awaiting = RolePermissions.awaitingPolicy(Set.of());
        assertThat(awaiting.permissionsIn("forum", List.of("MODERATOR"))).isEmpty();

        awaiting.replace("v1", Map.of("MODERATOR", List.of("forum:pin")));

        assertThat(awaiting.permissionsIn("forum", List.of("MODERATOR"))).containsExactly("forum:pin");
    }

    @Test
    void permissionsInWhenRolesGrantMoreThanTheBoundThenTheFirstInSortedOrder() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(String.format("forum:a%02d", i));
            second.add(String.format("forum:b%02d", i));
        }
        List<String> alone = new ArrayList<>(first);
        alone.addAll(second);
        RolePermissions crowded = RolePermissions.fixed(Map.of("ONE", first, "TWO", second, "ALL", alone), Set.of());

        List<String> union = crowded.permissionsIn("forum", List.of("TWO", "ONE"));
        List<String> single = crowded.permissionsIn("forum", List.of("ALL"));

        assertThat(union)
                .hasSize(Passport.MAX_PERMISSIONS)
                .isSorted()
                .startsWith("forum:a00")
                .endsWith("forum:b13");
        assertThat(single).isEqualTo(union);
        assertThat(crowded.permissionsIn("forum", List.of("ONE"))).isEqualTo(first);
    }
}
