package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: methods are case-sensitive, a method the gateway does not know is refused with 405 at the
 * edge, and no spelling of an unsafe method carries a session cookie past the CSRF check.
 */
@EdgeTest
class MethodTests extends EdgeTestSupport {

    private static final String CSRF = "c2VjcmV0LWNzcmYtdG9rZW4tMTIzNDU2";

    private HttpRequest.Builder withSessionCookie(String path, String method) {
        return request(path)
                .header("Cookie", "tessera_access=" + TestTokens.valid() + "; tessera_csrf=" + CSRF)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    void cookieRequestWhenMethodLowerCaseOrMadeUpThenMethodNotAllowedAndNothingUpstream() throws Exception {
        for (String method : List.of("post", "Post", "delete", "patch", "FOO", "PROPFIND", "TRACE", "MKCOL")) {
            for (String path : List.of("/api/forum/threads", "/api/auth/me", "/api/session/logout")) {
                HttpResponse<String> response = send(withSessionCookie(path, method));

                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                assertProblem(response, 405);
                assertThat(response.headers().firstValue("Allow"))
                        .hasValue("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            }
        }
        assertThat(FORUM.nothingReceived()).isTrue();
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void cookieRequestWhenKnownUnsafeMethodWithoutCsrfHeaderThenForbidden() throws Exception {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertProblem(send(withSessionCookie("/api/forum/threads/1", method)), 403);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void cookieRequestWhenUpperCasePostWithCsrfHeaderThenForwarded() throws Exception {
        HttpResponse<String> response =
                send(withSessionCookie("/api/forum/threads", "POST").header("X-Tessera-CSRF", CSRF));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(FORUM.next().method()).isEqualTo("POST");
    }
}
