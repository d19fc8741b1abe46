package dev.tessera.forum.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.forum.AuthenticationRequiredException;
import dev.tessera.passport.Passport;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActorTests {

    private static final String ID = UUID.randomUUID().toString();

    private static Passport passport(String name, String... roles) {
        return new Passport(ID, name, Set.of(roles), null, null, Instant.now(), Instant.now(), "forum-service", null);
    }

    private static Passport passport(String name, Set<String> roles, List<String> permissions) {
        return passport(name, roles.toArray(String[]::new)).withPermissions(permissions);
    }

    @Test
    void ofWhenAnonymousThenAuthenticationRequired() {
        assertThatThrownBy(() -> Actor.of(Passport.anonymous("forum-service", Instant.now(), Instant.now())))
                .isInstanceOf(AuthenticationRequiredException.class);
    }

    @Test
    void ofWhenUserIdNotUuidThenAuthenticationRequired() {
        Passport odd = new Passport("42", "ada", Set.of("USER"), null, null, null, null, "forum-service", null);

        assertThatThrownBy(() -> Actor.of(odd)).isInstanceOf(AuthenticationRequiredException.class);
    }

    @Test
    void ofWhenPassportCarriesModeratePermissionThenMayChangeOthersContent() {
        UUID someoneElse = UUID.randomUUID();

        assertThat(Actor.of(passport("mod", Set.of("USER", "MODERATOR"), List.of("forum:moderate", "forum:post")))
                        .mayChange(someoneElse))
                .isTrue();
        assertThat(Actor.of(passport("helper", Set.of("USER", "HELPER"), List.of("forum:moderate")))
                        .mayChange(someoneElse))
                .as("any role the policy gives forum:moderate")
                .isTrue();
        assertThat(Actor.of(passport("ada", Set.of("USER"), List.of("forum:post")))
                        .mayChange(someoneElse))
                .isFalse();
        assertThat(Actor.of(passport("ada", "USER")).mayChange(someoneElse)).isFalse();
        assertThat(Actor.of(passport("ada", "USER")).mayChange(UUID.fromString(ID)))
                .isTrue();
    }

    @Test
    void ofWhenModeratorOrAdminRoleWithoutThePermissionThenOnlyOwnContent() {
        UUID someoneElse = UUID.randomUUID();

        assertThat(Actor.of(passport("mod", "USER", "MODERATOR")).mayChange(someoneElse))
                .isFalse();
        assertThat(Actor.of(passport("root", "ADMIN")).mayChange(someoneElse)).isFalse();
        assertThat(Actor.of(passport("root", "ADMIN")).mayChange(UUID.fromString(ID)))
                .isTrue();
    }

    @Test
    void ofWhenUsernameUnshowableThenAuthorIsTheUserId() {
        assertThat(Actor.of(passport("ada")).author().name()).isEqualTo("ada");
        for (String name : new String[] {null, " ", "a\u0000b", "a\nb", "x".repeat(101)}) {
            assertThat(Actor.of(passport(name)).author().name())
                    .as(String.valueOf(name))
                    .isEqualTo(ID);
        }
    }
}
