package dev.tessera.boot;

import static dev.tessera.boot.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The passport as Spring Security's {@code Authentication} over real HTTP, the same tests for both stacks: {@link
 * ServletPassportSecurityTests} and {@link ReactivePassportSecurityTests}.
 */
abstract class PassportSecurityTests extends RealHttpTests {

    @Test
    void principalWhenCallerSignedInThenThePassportWithRoleAuthorities() {
        TestHttp.Response response = this.http.send("GET", "/me", TestHttp.ROOT, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("userId")).isEqualTo("u-0");
        assertThat(response.text("name")).isEqualTo("u-0");
        assertThat(response.text("authorities")).isEqualTo("[ROLE_ADMIN, ROLE_USER]");
        assertThat(response.text("kind")).isEqualTo("PassportAuthentication");
    }

    @Test
    void principalWhenPassportCarriesPermissionsAndMethodsThenAuthoritiesForEachAndFactorsAtAuthTime() {
        TestHttp.Response response = this.http.send("GET", "/me", TestHttp.MODERATOR, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("authorities"))
                .isEqualTo("[ROLE_MODERATOR, ROLE_USER, forum:moderate, forum:post, FACTOR_PASSWORD, FACTOR_OTP]");
        assertThat(response.text("factors"))
                .isEqualTo("[FACTOR_PASSWORD@" + TestHttp.MODERATOR_AUTH_TIME + ", FACTOR_OTP@"
                        + TestHttp.MODERATOR_AUTH_TIME + "]");
    }

    @Test
    void preAuthorizeWhenCallerHasPermissionThen200ElseWithTheRoleAloneThen403() {
        TestHttp.Response moderator = this.http.send("GET", "/moderation", TestHttp.MODERATOR, null);
        // MODERATOR's role, but no perm: only the gateway's policy gives a role a permission.
        TestHttp.Response roleOnly = this.http.send(
                "GET", "/moderation", Passport.caller("u-3", "old", Set.of("USER", "MODERATOR"), "s", "j"), null);

        assertThat(moderator.status()).as(moderator.toString()).isEqualTo(200);
        assertThat(moderator.text("moderator")).isEqualTo("u-2");
        assertProblem(roleOnly, 403, "forbidden");
        assertProblem(this.http.send("GET", "/moderation", TestHttp.ROOT, null), 403, "forbidden");
    }

    @Test
    void preAuthorizeWhenRuleWantsPasswordAndCodeThenOnlyACallerWhoUsedBothPasses() {
        TestHttp.Response both = this.http.send("GET", "/second-factor", TestHttp.MODERATOR, null);
        Passport passwordOnly =
                Passport.caller("u-4", "pw", Set.of("USER"), "s", "j", List.of("pwd"), TestHttp.MODERATOR_AUTH_TIME);

        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertProblem(this.http.send("GET", "/second-factor", passwordOnly, null), 403, "forbidden");
    }

    @Test
    void principalWhenCallerAnonymousThenAnAnonymousTokenHoldingTheAnonymousPassport() {
        TestHttp.Response response = this.http.send("GET", "/me", TestHttp.ANONYMOUS, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("authenticated").asBoolean()).isFalse();
        assertThat(response.text("kind")).isEqualTo("AnonymousAuthenticationToken");
        assertThat(response.text("authorities")).isEqualTo("[ROLE_ANONYMOUS]");
    }

    @Test
    void preAuthorizeWhenCallerHasRoleThen200() {
        TestHttp.Response response = this.http.send("GET", "/admin/report", TestHttp.ROOT, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("admin")).isEqualTo("u-0");
    }

    @Test
    void preAuthorizeWhenCallerLacksRoleThen403Problem() {
        assertProblem(this.http.send("GET", "/admin/report", TestHttp.ALICE, null), 403, "forbidden");
    }

    @Test
    void preAuthorizeWhenCallerAnonymousThen401Problem() {
        assertProblem(this.http.send("GET", "/admin/report", TestHttp.ANONYMOUS, null), 401, "authentication-required");
    }

    @Test
    void requestWhenNoPassportThenRefusedBeforeSpringSecurity() {
        assertProblem(this.http.send("GET", "/me", null, null), 401, "unauthorized");
    }
}
