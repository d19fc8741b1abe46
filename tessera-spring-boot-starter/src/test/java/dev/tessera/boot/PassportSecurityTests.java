package dev.tessera.boot;

import static dev.tessera.boot.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

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
