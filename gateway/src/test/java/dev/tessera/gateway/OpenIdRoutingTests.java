package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenID Provider's routes (issue 15): {@code /authorize} is reachable without a token and still carries the
 * user's passport when a valid token comes with it; userinfo gets the client's bearer token (the one route that
 * forwards it); end_session is public; and a user token issued to another client passes like the first-party one.
 */
@AuthServiceStubTest
class OpenIdRoutingTests extends GatewayTestSupport {

    static final StubServer AUTH = StubUpstreams.AUTH;

    private final PassportVerifier authVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service");

    @BeforeEach
    void forgetEarlierAuthRequests() {
        AUTH.reset();
        AUTH.respondWith(200, () -> "{}");
    }

    @Test
    void authorizeWhenNoTokenThenReachesAuthServiceAnonymouslyWithItsQuery() throws Exception {
        HttpResponse<String> response = get("/api/auth/oauth2/authorize?response_type=code&client_id=c", null);

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/oauth2/authorize");
        Passport passport =
                this.authVerifier.verify(received.header("X-Tessera-Passport").get(0), "GET", received.rawPath());
        assertThat(passport.isAuthenticated()).isFalse();
    }

    @Test
    void authorizeWhenValidTokenThenTheUsersPassportWithItsSession() throws Exception {
        HttpResponse<String> response = get("/api/auth/oauth2/authorize?response_type=code", TestTokens.valid());

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        Passport passport =
                this.authVerifier.verify(received.header("X-Tessera-Passport").get(0), "GET", received.rawPath());
        assertThat(passport.isAuthenticated()).isTrue();
        assertThat(passport.sessionId()).isNotBlank();
        // The token itself stays at the gateway on this route.
        assertThat(received.header("Authorization")).isEmpty();
    }

    @Test
    void consentFormWhenPostedFromThePublicOriginThenReachesAuthServiceWithTheUsersPassport() throws Exception {
        HttpResponse<String> response = consentPost(TestTokens.ISSUER);

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/oauth2/authorize");
        assertThat(received.method()).isEqualTo("POST");
        Passport passport =
                this.authVerifier.verify(received.header("X-Tessera-Passport").get(0), "POST", received.rawPath());
        assertThat(passport.isAuthenticated()).isTrue();
        assertThat(passport.sessionId()).isNotBlank();
    }

    @Test
    void consentFormWhenPostedFromAnotherSiteThenForbiddenWithAProblemAndNothingUpstream() throws Exception {
        // A forged form on another site: the browser sends the cookies (if SameSite allows) and that site's Origin.
        for (String origin : new String[] {"https://attacker.example", "null", "http://localhost:8081"}) {
            HttpResponse<String> response = consentPost(origin);

            Assertions.assertProblem(response, 403);
            assertThat(response.body()).as(origin).contains("CSRF");
        }
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void consentFormWhenNoOriginThenForbiddenEvenWithTheCsrfCookie() throws Exception {
        HttpResponse<String> response = consentPost(null);

        Assertions.assertProblem(response, 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void consentFormWhenTheCrossSiteFetchMetadataSaysSoThenForbidden() throws Exception {
        HttpResponse<String> response = send(consentRequest(TestTokens.ISSUER).header("Sec-Fetch-Site", "cross-site"));

        Assertions.assertProblem(response, 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    /** The consent page's form, as a browser posts it: session cookies, a form body, no CSRF header. */
    private HttpResponse<String> consentPost(String origin) throws Exception {
        return send(consentRequest(origin));
    }

    private java.net.http.HttpRequest.Builder consentRequest(String origin) {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";
        java.net.http.HttpRequest.Builder request = request("/api/auth/oauth2/authorize")
                .header("Cookie", "tessera_access=" + TestTokens.valid() + "; tessera_csrf=" + csrf)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("client_id=partner&state=s&scope=openid"));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return request;
    }

    @Test
    void userinfoWhenBearerTokenThenForwardedToAuthServicesUserinfo() throws Exception {
        String token = TestTokens.valid();
        HttpResponse<String> response = get("/oauth2/userinfo", token);

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/oauth2/userinfo");
        assertThat(received.header("Authorization")).containsExactly("Bearer " + token);
    }

    @Test
    void endSessionWhenNoTokenThenReachesAuthService() throws Exception {
        HttpResponse<String> response = get("/api/auth/oauth2/logout?id_token_hint=x", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AUTH.next().rawPath()).isEqualTo("/auth/oauth2/logout");
    }

    @Test
    void userTokenOfAnotherClientWhenPresentedThenAccepted() throws Exception {
        // Issued by the OpenID Provider to a registered client: sub is the user, client_id the client (not sub).
        String token = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims().claim("client_id", "partner-app").build());
        HttpResponse<String> response = get("/api/auth/me", token);

        assertThat(response.statusCode()).isEqualTo(200);
        Passport passport = this.authVerifier.verify(
                AUTH.next().header("X-Tessera-Passport").get(0), "GET", "/auth/me");
        assertThat(passport.isAuthenticated()).isTrue();
    }
}
