package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * auth-service's OAuth 2.0 endpoints under the issuer (issue 15): the token and introspection endpoints and the
 * discovery document reach auth-service, with {@code client_secret_basic} intact, while a bearer token on the same
 * route still never does, and nothing of {@code /internal/**} is routed.
 */
@AuthServiceStubTest
class OAuthEndpointRoutingTests extends GatewayTestSupport {

    static final StubServer AUTH = StubUpstreams.AUTH;

    private static final String BASIC = "Basic "
            + Base64.getEncoder()
                    .encodeToString("resource-server:its-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final PassportVerifier authVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service");

    @BeforeEach
    void forgetEarlierAuthRequests() {
        AUTH.reset();
        AUTH.respondWith(200, () -> "{\"active\":false}");
    }

    @Test
    void oauthEndpointsWhenPostedWithBasicThenReachAuthServiceWithTheBasicHeaderAndAnAnonymousPassport()
            throws Exception {
        for (String path : List.of("/api/auth/oauth2/introspect", "/api/auth/oauth2/token")) {
            HttpResponse<String> response = send(request(path)
                    .header("Authorization", BASIC)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=abc")));

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            StubServer.Received received = AUTH.next();
            assertThat(received).as(path).isNotNull();
            assertThat(received.rawPath()).isEqualTo(path.replace("/api/auth/", "/auth/"));
            assertThat(received.header("Authorization")).containsExactly(BASIC);
            assertThat(received.body()).isEqualTo("token=abc");
            Passport passport = this.authVerifier.verify(
                    received.header("X-Tessera-Passport").get(0), "POST", received.rawPath());
            assertThat(passport.isAuthenticated()).isFalse();
        }
    }

    @Test
    void authRouteWhenBearerTokenThenItStillNeverReachesAuthService() throws Exception {
        HttpResponse<String> response = get("/api/auth/me", TestTokens.valid());

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/me");
        assertThat(received.header("Authorization")).isEmpty();
    }

    @Test
    void discoveryWhenRequestedAtTheIssuerRootThenRoutedToAuthService() throws Exception {
        HttpResponse<String> response = get("/.well-known/oauth-authorization-server", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AUTH.next().rawPath()).isEqualTo("/.well-known/oauth-authorization-server");
    }

    @Test
    void internalPathsWhenRequestedFromOutsideThenNeverRouted() throws Exception {
        for (String path :
                List.of("/internal/introspect", "/internal/revocations", "/api/auth/../internal/introspect")) {
            HttpResponse<String> response = send(request(path)
                    .header("Authorization", BASIC)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=abc")));

            assertThat(response.statusCode()).as(path).isIn(400, 404);
        }
        assertThat(AUTH.nothingReceived()).isTrue();
    }
}
