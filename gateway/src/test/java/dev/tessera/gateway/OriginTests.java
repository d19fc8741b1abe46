package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: a DNS-rebinding page reaches the gateway under its own name, so {@code Host} and {@code
 * Origin} agree and both are the attacker's. Only the configured public origins (here the issuer's, {@value
 * TestTokens#ISSUER}) pass the login CSRF check.
 */
@EdgeTest
class OriginTests extends EdgeTestSupport {

    private int loginForm(String host, String origin) throws Exception {
        String body = "{\"username\":\"ada\",\"password\":\"a long password\"}";
        try (RawConnection connection = new RawConnection(port)) {
            return connection.exchange("POST /api/session/login HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                    + "\r\nX-Forwarded-For: " + client + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
        }
    }

    @Test
    void loginWhenHostAndOriginAreTheRebindingPagesThenForbiddenAndNothingUpstream() throws Exception {
        assertThat(loginForm("evil.example", "http://evil.example")).isEqualTo(403);
        assertThat(loginForm("evil.example:" + port, "http://evil.example:" + port))
                .isEqualTo(403);
        assertThat(loginForm("127.0.0.1:" + port, "http://127.0.0.1:" + port)).isEqualTo(403);

        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenConfiguredOriginThenPassedToAuthServiceWhateverTheHost() throws Exception {
        // auth-service's stub refuses the credentials: its 401 passed through shows the CSRF check passed.
        assertThat(loginForm("localhost:8080", TestTokens.ISSUER)).isEqualTo(401);
        assertThat(loginForm("evil.example", TestTokens.ISSUER)).isEqualTo(401);

        assertThat(AUTH.next()).isNotNull();
    }
}
