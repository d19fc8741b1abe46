package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 2: a path in any spelling but its canonical one is refused with 400 at the edge, before the
 * rate limit, the access rules or a route see it, so no spelling of the login reaches auth-service past the
 * login rate limit.
 */
@EdgeTest
class NonCanonicalPathTests extends EdgeTestSupport {

    /** Each of these reached auth-service's login or registration in the penetration test, or could. */
    static final List<String> SPELLINGS = List.of(
            "/api/auth/%6cogin",
            "/api/auth/%6Cogin",
            "/api/auth/log%69n",
            "/api/auth/login;x",
            "/api/auth/login;",
            "/api/auth/register;x",
            "/api/session/login;x",
            "/api/session;x/login",
            "/api/auth/%7elogin",
            "/api/auth/./login",
            "/api/auth/x/../login",
            "/api/auth/%2e/login",
            "/api/auth/%2E%2E/auth/login",
            "/api/auth/login/.",
            "/api/auth//login",
            "//api/auth/login",
            "/api/auth/login%2F",
            "/api/auth/login%2f",
            "/api/auth%5Clogin",
            "/api/auth/login%00",
            "/api/auth/login%0a",
            "/api/auth/login%7F");

    @Test
    void loginWhenPathNotCanonicalThenBadRequestProblemAndNothingUpstream() throws Exception {
        for (String path : SPELLINGS) {
            HttpResponse<String> response = login(path);

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertProblem(response, 400);
        }
        assertThat(AUTH.nothingReceived()).isTrue();
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    /** Issue 17: a login's second step draws on the same budget, so codes cannot be guessed past it. */
    @Test
    void loginRateLimitWhenBudgetSpentThenSecondStepsRefusedToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("/api/auth/login").statusCode()).isEqualTo(401);
        }
        int reached = AUTH.hits();

        assertProblem(login("/api/auth/login/second-factor"), 429);
        assertProblem(login("/api/session/login/second-factor"), 429);

        assertThat(AUTH.hits()).isEqualTo(reached);
    }

    /** Issue 17: passkey options and logins draw on the login's budget too (one bucket per client address). */
    @Test
    void loginRateLimitWhenBudgetSpentThenPasskeyRequestsRefusedToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("/api/auth/login").statusCode()).isEqualTo(401);
        }
        int reached = AUTH.hits();

        assertProblem(login("/api/auth/login/passkey/options"), 429);
        assertProblem(login("/api/auth/login/passkey"), 429);
        assertProblem(login("/api/auth/login/second-factor/options"), 429);
        assertProblem(login("/api/session/login/passkey"), 429);

        assertThat(AUTH.hits()).isEqualTo(reached);
    }

    @Test
    void loginRateLimitWhenOtherSpellingsTriedAfterTheBudgetThenNoneReachesAuthService() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(login("/api/auth/login").statusCode()).isEqualTo(401);
        }
        assertProblem(login("/api/auth/login"), 429);
        assertProblem(login("/api/session/login"), 429);
        int reached = AUTH.hits();

        for (String path : SPELLINGS) {
            assertThat(login(path).statusCode()).as(path).isIn(400, 429);
        }

        assertThat(AUTH.hits()).isEqualTo(reached);
    }

    @Test
    void pathWhenBackslashOrControlCharacterUnencodedThenBadRequestAndNothingUpstream() throws Exception {
        // Not expressible as a java.net.URI (raw backslash or control character, malformed escape): written on a raw
        // connection. The server refuses some of these before
        // any filter runs (still 400, without a problem body); none is ever routed.
        for (String path : List.of(
                "/api/auth\\login",
                "/api/auth/login%zz",
                "/api/auth/login%4",
                "/api/auth/login\u0001",
                "/api/forum/threads\u007f")) {
            try (RawConnection connection = new RawConnection(port)) {
                int status = connection.exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nX-Tessera-CSRF: 1\r\nContent-Length: 2\r\n\r\n{}");
                assertThat(status).as(path).isEqualTo(400);
            } catch (java.io.IOException closed) {
                // A connection closed without an answer is a refusal too.
            }
        }
        assertThat(AUTH.nothingReceived()).isTrue();
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void pathWhenCanonicalWithEscapesOfReservedOrNonAsciiCharactersThenRoutedUnchanged() throws Exception {
        HttpResponse<String> response =
                send(request("/api/forum/threads/a%20b%3Bc/caf%C3%A9").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FORUM.next().rawPath()).isEqualTo("/threads/a%20b%3Bc/caf%C3%A9");
    }
}
