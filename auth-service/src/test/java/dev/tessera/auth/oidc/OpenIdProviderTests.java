package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tessera as an OpenID Provider (issue 15): the authorization code flow with PKCE end to end over real HTTP against
 * the whole service, and the RFC 9700 cases that apply, each by name. The gateway is simulated as in every other test
 * here: a passport for the logged-in user's session (as the gateway mints from the access cookie) or an anonymous one.
 */
@AuthServiceTest
class OpenIdProviderTests {

    private static final String AUTHORIZE = "/auth/oauth2/authorize";

    private static final String TOKEN = "/auth/oauth2/token";

    private static final String CALLBACK = "https://console.example:8443/callback";

    private static final String FORM = "application/x-www-form-urlencoded";

    private static final SecureRandom RANDOM = new SecureRandom();

    @LocalServerPort
    int port;

    TestHttp http;

    Flows flows;

    /** The logged-in user: id, name, session (refresh family) and refresh token. */
    String userId;

    String username;

    String sid;

    String refreshToken;

    @BeforeEach
    void setUp() throws Exception {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("oidc");
        String password = "correct horse battery staple oidc";
        this.flows.registered(this.username, password);
        TestHttp.Response login = this.flows.loggedIn(this.username, password);
        JWTClaimsSet claims = SignedJWT.parse(login.text("access_token")).getJWTClaimsSet();
        this.userId = claims.getSubject();
        this.sid = claims.getStringClaim("sid");
        this.refreshToken = login.text("refresh_token");
    }

    @Test
    void authorizationCodeFlowWhenCompleteThenIdTokenVerifiesUserinfoAnswersAndEndSessionEndsTheSession()
            throws Exception {
        String verifier = verifier();
        TestHttp.Response authorize =
                authorizeAsUser(authorizeQuery("console", CALLBACK, challenge(verifier), "st-1", "nonce-1"));

        assertThat(authorize.status()).isEqualTo(302);
        URI location = URI.create(authorize.header("Location"));
        assertThat(location.getScheme() + "://" + location.getAuthority() + location.getPath())
                .isEqualTo(CALLBACK);
        Map<String, String> response = query(location);
        assertThat(response.get("state")).isEqualTo("st-1");

        TestHttp.Response token = exchange(response.get("code"), verifier, basic());
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.header("Cache-Control")).contains("no-store");
        assertThat(token.text("token_type")).isEqualTo("Bearer");
        assertThat(token.json().has("refresh_token")).isFalse();

        // The ID token verifies against Tessera's published JWKS, with the claims OpenID Connect asks for.
        JWKSet jwks = JWKSet.parse(this.http.get("/.well-known/jwks.json").body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet id = processor.process(token.text("id_token"), null);
        assertThat(id.getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(id.getAudience()).containsExactly("console");
        assertThat(id.getSubject()).isEqualTo(this.userId);
        assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-1");
        assertThat(id.getStringClaim("sid")).isEqualTo(this.sid);
        assertThat(id.getStringClaim("preferred_username")).isEqualTo(this.username);
        // auth_time: the login that started the session, in seconds (a JSON number).
        assertThat(((Number) id.getClaim("auth_time")).longValue())
                .isPositive()
                .isLessThanOrEqualTo(id.getIssueTime().getTime() / 1000);
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd");

        // The access token is Tessera's RFC 9068 user token, issued to this client.
        SignedJWT access = SignedJWT.parse(token.text("access_token"));
        assertThat(access.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(access.getJWTClaimsSet().getAudience()).containsExactly("tessera");
        assertThat(access.getJWTClaimsSet().getSubject()).isEqualTo(this.userId);
        assertThat(access.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("console");
        assertThat(access.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(this.sid);
        assertThat(access.getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd");
        assertThat(access.getJWTClaimsSet().getLongClaim("auth_time"))
                .isEqualTo(((Number) id.getClaim("auth_time")).longValue());

        TestHttp.Response userinfo =
                this.http.get("/auth/oauth2/userinfo", "Authorization", "Bearer " + token.text("access_token"));
        assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
        assertThat(userinfo.text("sub")).isEqualTo(this.userId);
        assertThat(userinfo.text("preferred_username")).isEqualTo(this.username);

        String logoutPath = "/auth/oauth2/logout";
        TestHttp.Response logout = this.http.get(
                logoutPath + "?id_token_hint=" + token.text("id_token") + "&post_logout_redirect_uri="
                        + encode("https://console.example:8443/bye") + "&state=bye-1",
                TestPassports.HEADER,
                TestPassports.anonymous("GET", logoutPath));
        assertThat(logout.status()).as(logout.body()).isEqualTo(302);
        assertThat(logout.header("Location")).isEqualTo("https://console.example:8443/bye?state=bye-1");
        // The Tessera session is over: its refresh token no longer works.
        assertThat(this.flows.refresh(this.refreshToken).status()).isEqualTo(401);
    }

    @Test
    void mixUpDefenceWhenAuthorizationRespondsWithCodeOrErrorThenIssNamesThePublicIssuer() {
        // RFC 9207 / RFC 9700 section 4.4: a client talking to several providers checks iss before redeeming the code.
        TestHttp.Response code = authorizeAsUser(authorizeQuery("console", CALLBACK, challenge(verifier()), "s", "n"));
        TestHttp.Response error = authorizeAsUser(
                "response_type=code&client_id=console&scope=openid&state=s1&redirect_uri=" + encode(CALLBACK));

        Map<String, String> success = query(URI.create(code.header("Location")));
        assertThat(success).containsKey("code");
        assertThat(success.get("iss")).isEqualTo("http://localhost:8080");
        Map<String, String> failure = query(URI.create(error.header("Location")));
        assertThat(failure.get("error")).isEqualTo("invalid_request");
        assertThat(failure.get("iss")).isEqualTo("http://localhost:8080");
        // Encoded as a query value, so a client's parser gets the exact issuer string.
        assertThat(code.header("Location")).contains("&iss=http%3A%2F%2Flocalhost%3A8080");
    }

    @Test
    void publicClientWhenCodeRedeemedWithVerifierAloneThenTokens() {
        String verifier = verifier();
        String callback = "https://dashboard.example/cb";
        TestHttp.Response authorize =
                authorizeAsUser(authorizeQuery("dashboard", callback, challenge(verifier), "s", "n"));
        String code = query(URI.create(authorize.header("Location"))).get("code");

        TestHttp.Response token = this.http.post(
                TOKEN,
                form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        callback,
                        "code_verifier",
                        verifier,
                        "client_id",
                        "dashboard"),
                FORM);

        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.text("id_token")).isNotBlank();
    }

    @Test
    void authorizeWhenNoTesseraSessionThenRedirectedToTheLoginPageWithASameOriginContinue() {
        String query = authorizeQuery("console", CALLBACK, challenge(verifier()), "st", "n");
        TestHttp.Response response =
                this.http.get(AUTHORIZE + "?" + query, TestPassports.HEADER, TestPassports.anonymous("GET", AUTHORIZE));

        assertThat(response.status()).isEqualTo(302);
        String location = response.header("Location");
        assertThat(location).startsWith("/?continue=").endsWith("#/login");
        String target = URLDecoder.decode(
                location.substring("/?continue=".length(), location.length() - "#/login".length()),
                StandardCharsets.UTF_8);
        assertThat(target).isEqualTo("/api/auth/oauth2/authorize?" + query);
    }

    @Test
    void redirectUriWhenNotExactlyRegisteredThenRefusedWithoutRedirect() {
        String challenge = challenge(verifier());
        for (String wrong : new String[] {
            "https://console.example:8443/other", // another path
            CALLBACK + "/more", // a suffix
            CALLBACK + "?x=1", // an added query
            "https://console.example:9443/callback", // another port
            "https://attacker.example/callback" // not registered at all: no open redirector
        }) {
            TestHttp.Response response = authorizeAsUser(authorizeQuery("console", wrong, challenge, "s", "n"));
            assertThat(response.status()).as(wrong).isEqualTo(400);
            assertThat(response.header("Location")).as(wrong).isNull();
        }
    }

    @Test
    void unknownClientWhenAuthorizingThenErrorPageNeverARedirect() {
        TestHttp.Response response =
                authorizeAsUser(authorizeQuery("no-such-client", CALLBACK, challenge(verifier()), "s", "n"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Location")).isNull();
    }

    @Test
    void pkceWhenNoCodeChallengeThenError() {
        TestHttp.Response response = authorizeAsUser(
                "response_type=code&client_id=console&scope=openid&state=s1&redirect_uri=" + encode(CALLBACK));

        // The redirect URI is valid, so the error goes back to the client (RFC 6749 section 4.1.2.1), with the state.
        assertThat(response.status()).isEqualTo(302);
        Map<String, String> error = query(URI.create(response.header("Location")));
        assertThat(error.get("error")).isEqualTo("invalid_request");
        assertThat(error.get("state")).isEqualTo("s1");
        assertThat(error).doesNotContainKey("code");
    }

    @Test
    void pkceWhenPlainMethodThenError() {
        String query = "response_type=code&client_id=console&scope=openid&state=s1&redirect_uri=" + encode(CALLBACK)
                + "&code_challenge=" + verifier() + "&code_challenge_method=plain";
        TestHttp.Response response = authorizeAsUser(query);

        assertThat(response.status()).isEqualTo(302);
        Map<String, String> error = query(URI.create(response.header("Location")));
        assertThat(error.get("error")).isEqualTo("invalid_request");
        assertThat(error).doesNotContainKey("code");
    }

    @Test
    void pkceWhenWrongVerifierThenInvalidGrant() {
        String code = code(challenge(verifier()));

        TestHttp.Response token = exchange(code, verifier(), basic());

        assertThat(token.status()).isEqualTo(400);
        assertThat(token.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void codeWhenUsedTwiceThenInvalidGrantAndTheUserinfoOfTheFirstTokenRefused() {
        String verifier = verifier();
        String code = code(challenge(verifier));
        TestHttp.Response first = exchange(code, verifier, basic());
        assertThat(first.status()).isEqualTo(200);

        TestHttp.Response second = exchange(code, verifier, basic());

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.text("error")).isEqualTo("invalid_grant");
        // RFC 6749 section 4.1.2: the tokens issued with the code are revoked where the provider can revoke them.
        TestHttp.Response userinfo =
                this.http.get("/auth/oauth2/userinfo", "Authorization", "Bearer " + first.text("access_token"));
        assertThat(userinfo.status()).isEqualTo(401);
    }

    @Test
    void codeWhenRedeemedByAnotherClientThenInvalidGrant() {
        String verifier = verifier();
        String code = code(challenge(verifier));

        TestHttp.Response token = this.http.post(
                TOKEN,
                form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        CALLBACK,
                        "code_verifier",
                        verifier,
                        "client_id",
                        "dashboard"),
                FORM);

        assertThat(token.status()).isEqualTo(400);
        assertThat(token.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void stateWhenReturnedThenUnchanged() {
        String state = "a b/c?d=e&f+g%h";
        TestHttp.Response authorize =
                authorizeAsUser(authorizeQuery("console", CALLBACK, challenge(verifier()), state, "n"));

        assertThat(query(URI.create(authorize.header("Location"))).get("state")).isEqualTo(state);
    }

    @Test
    void clientCredentialsWhenSentToTheSameTokenEndpointThenStillTesserasOwnGrant() {
        TestHttp.Response token = this.http.post(
                TOKEN,
                form("grant_type", "client_credentials", "audience", "notification-service"),
                FORM,
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(("seeded-service:" + AuthServiceTest.SEEDED_CLIENT_SECRET)
                                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.text("scope")).isEqualTo("notifications:read notifications:write");
    }

    @Test
    void authorizeWhenThePassportsSessionHasEndedThenTheLoginPageAsksForThePasswordAndNoCodeIsIssued() {
        String query = authorizeQuery("console", CALLBACK, challenge(verifier()), "st", "n");
        assertThat(authorizeAsUser(query).header("Location"))
                .as("control: the live session gets a code")
                .startsWith(CALLBACK + "?code=");
        // Signed out; the gateway still accepts the browser's access token until the revocation feed reaches it.
        this.flows.logout(this.refreshToken);

        TestHttp.Response response = authorizeAsUser(query);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location"))
                .startsWith("/?continue=")
                .endsWith("&session=ended#/login")
                .doesNotContain("code=");
    }

    @Test
    void codeExchangeWhenTheSessionEndedMeanwhileThenInvalidGrant() {
        String verifier = verifier();
        String code = code(challenge(verifier));
        this.flows.logout(this.refreshToken);

        TestHttp.Response token = exchange(code, verifier, basic());

        assertThat(token.status()).isEqualTo(400);
        assertThat(token.text("error")).isEqualTo("invalid_grant");
    }

    private String code(String challenge) {
        TestHttp.Response authorize = authorizeAsUser(authorizeQuery("console", CALLBACK, challenge, "s", "n"));
        assertThat(authorize.status()).isEqualTo(302);
        return query(URI.create(authorize.header("Location"))).get("code");
    }

    private TestHttp.Response authorizeAsUser(String query) {
        return this.http.get(
                AUTHORIZE + "?" + query,
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), this.sid, "GET", AUTHORIZE));
    }

    private TestHttp.Response exchange(String code, String verifier, String authorization) {
        return this.http.post(
                TOKEN,
                form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        CALLBACK,
                        "code_verifier",
                        verifier),
                FORM,
                "Authorization",
                authorization);
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                ("console:" + AuthServiceTest.SEEDED_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    }

    private static String authorizeQuery(
            String clientId, String redirectUri, String challenge, String state, String nonce) {
        return "response_type=code&client_id=" + clientId + "&scope=" + encode("openid profile") + "&state="
                + encode(state) + "&nonce=" + nonce + "&redirect_uri=" + encode(redirectUri) + "&code_challenge="
                + challenge + "&code_challenge_method=S256";
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
