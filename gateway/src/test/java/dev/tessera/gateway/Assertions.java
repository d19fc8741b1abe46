package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** The RFC 6750 answers of docs/threat-model.md's shorthands. */
final class Assertions {

    private Assertions() {}

    /** 401-IT: 401, {@code Bearer error="invalid_token"}, problem body, token never echoed. */
    static void assertInvalidToken(HttpResponse<String> response, String token) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertProblem(response, 401);
        if (token != null && !token.isEmpty()) {
            assertThat(response.body()).doesNotContain(token);
        }
    }

    /** 401-NT: 401 with the bare challenge. */
    static void assertBareChallenge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(response, 401);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"status\":" + status)
                .contains("\"requestId\":")
                .doesNotContain("Exception")
                .doesNotContain("at dev.");
    }
}
