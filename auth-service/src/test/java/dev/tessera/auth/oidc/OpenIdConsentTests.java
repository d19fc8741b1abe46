package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Consent for third-party clients (issue 15: "first-party clients skip consent, third-party ones ask once"), over real
 * HTTP against the whole service, with the gateway simulated by passports as in {@link OpenIdProviderTests}: the
 * client {@code partner} is not first-party, {@code console} is.
 */
@AuthServiceTest
class OpenIdConsentTests {

    private static final String AUTHORIZE = "/auth/oauth2/authorize";

    private static final String CONSENT = "/auth/oauth2/consent";

    private static final String CALLBACK = "https://partner.example/cb";

    private static final String FORM = "application/x-www-form-urlencoded";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Pattern REFRESH = Pattern.compile("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\">");

    @LocalServerPort
    int port;

    TestHttp http;

    Flows flows;

    String userId;

    String username;

    String sid;

    @BeforeEach
    void setUp() throws Exception {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("consent");
        String password = "correct horse battery staple consent";
        this.flows.registered(this.username, password);
        JWTClaimsSet claims = SignedJWT.parse(
                        this.flows.loggedIn(this.username, password).text("access_token"))
                .getJWTClaimsSet();
        this.userId = claims.getSubject();
        this.sid = claims.getStringClaim("sid");
    }

    @Test
    void thirdPartyClientWhenFirstAuthorizedThenConsentPageShowsItsNameAndScopesAndAllowGivesACode() {
        String verifier = verifier();
        TestHttp.Response authorize = authorizeAsUser(query("partner", challenge(verifier), "client-state"));

        // Spring Authorization Server sends the browser to Tessera's consent page, at the gateway's public address.
        assertThat(authorize.status()).isEqualTo(302);
        URI consentUri = URI.create(authorize.header("Location"));
        assertThat(consentUri.getScheme() + "://" + consentUri.getAuthority() + consentUri.getPath())
                .isEqualTo("http://localhost:8080/api/auth/oauth2/consent");
        String state = params(consentUri).get("state");
        assertThat(state).isNotEqualTo("client-state");

        TestHttp.Response page = consentPage(state);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).contains("no-store");
        // The client's configured name, escaped; the scopes of the pending authorization.
        assertThat(page.body())
                .contains("<span data-testid=\"client-name\">Partner &lt;App&gt;</span>")
                .doesNotContain("Partner <App>")
                .contains("data-scope=\"openid\"")
                .contains("data-scope=\"profile\"")
                // Without this a browser sends Origin: null on the form POST (the gateway's Referrer-Policy).
                .contains("<meta name=\"referrer\" content=\"same-origin\">")
                .contains("action=\"/api/auth/oauth2/authorize\"");

        String location = answerConsent(state, "openid", "profile");

        Map<String, String> response = params(URI.create(location));
        assertThat(location).startsWith(CALLBACK + "?code=");
        assertThat(response.get("state")).isEqualTo("client-state");
        assertThat(response.get("iss")).as("RFC 9207, after consent too").isEqualTo("http://localhost:8080");
        TestHttp.Response token = exchange(response.get("code"), verifier);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.text("id_token")).isNotBlank();
    }

    @Test
    void thirdPartyClientWhenConsentGivenOnceThenTheNextAuthorizeForTheSameScopesDoesNotAskAgain() {
        String first = consentState(authorizeAsUser(query("partner", challenge(verifier()), "s1")));
        answerConsent(first, "openid", "profile");

        TestHttp.Response again = authorizeAsUser(query("partner", challenge(verifier()), "s2"));

        assertThat(again.status()).isEqualTo(302);
        assertThat(again.header("Location")).startsWith(CALLBACK + "?code=");
        assertThat(params(URI.create(again.header("Location"))).get("state")).isEqualTo("s2");
    }

    @Test
    void thirdPartyClientWhenUserDeniesThenAccessDeniedToTheClientAndAskedAgainNextTime() {
        String state = consentState(authorizeAsUser(query("partner", challenge(verifier()), "s-deny")));

        String location = answerConsent(state);

        assertThat(location).startsWith(CALLBACK + "?");
        Map<String, String> response = params(URI.create(location));
        assertThat(response.get("error")).isEqualTo("access_denied");
        assertThat(response.get("state")).isEqualTo("s-deny");
        assertThat(response.get("iss")).isEqualTo("http://localhost:8080");
        assertThat(response).doesNotContainKey("code");
        // Nothing was remembered: the next authorize asks again.
        TestHttp.Response again = authorizeAsUser(query("partner", challenge(verifier()), "s3"));
        assertThat(again.header("Location")).contains("/api/auth/oauth2/consent?");
    }

    @Test
    void firstPartyClientWhenAuthorizedThenNoConsentPage() {
        TestHttp.Response authorize = this.http.get(
                AUTHORIZE + "?"
                        + query("console", challenge(verifier()), "s")
                                .replace(encode(CALLBACK), encode("https://console.example:8443/callback")),
                TestPassports.HEADER,
                passport("GET", AUTHORIZE));

        assertThat(authorize.header("Location")).startsWith("https://console.example:8443/callback?code=");
    }

    @Test
    void consentPageWhenTheStateIsAnotherUsersThenRefusedWithAProblem() throws Exception {
        String state = consentState(authorizeAsUser(query("partner", challenge(verifier()), "s")));
        String other = Flows.uniqueName("other");
        this.flows.registered(other, "correct horse battery staple other");
        JWTClaimsSet claims = SignedJWT.parse(this.flows
                        .loggedIn(other, "correct horse battery staple other")
                        .text("access_token"))
                .getJWTClaimsSet();

        TestHttp.Response page = this.http.get(
                CONSENT + "?state=" + encode(state),
                TestPassports.HEADER,
                TestPassports.forSession(
                        claims.getSubject(), other, Set.of("USER"), claims.getStringClaim("sid"), "GET", CONSENT));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("application/problem+json");
        assertThat(page.body()).doesNotContain("Partner");
        assertThat(consentPage(state).status())
                .as("control: its own user sees it")
                .isEqualTo(200);
    }

    private String consentState(TestHttp.Response authorize) {
        assertThat(authorize.status()).isEqualTo(302);
        assertThat(authorize.header("Location")).contains("/api/auth/oauth2/consent?");
        return params(URI.create(authorize.header("Location"))).get("state");
    }

    private TestHttp.Response consentPage(String state) {
        return this.http.get(CONSENT + "?state=" + encode(state), TestPassports.HEADER, passport("GET", CONSENT));
    }

    /**
     * Posts the consent form as the page does (no scope: Deny) and returns where the answer sends the browser: a page
     * that moves on by {@code <meta http-equiv=refresh>}, not a redirect (see {@link AuthorizationResponses}).
     */
    private String answerConsent(String state, String... scopes) {
        StringBuilder body = new StringBuilder("client_id=partner&state=" + encode(state));
        for (String scope : scopes) {
            body.append("&scope=").append(encode(scope));
        }
        TestHttp.Response answer = this.http.post(
                AUTHORIZE,
                body.toString().getBytes(StandardCharsets.UTF_8),
                FORM,
                TestPassports.HEADER,
                passport("POST", AUTHORIZE));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Location")).isNull();
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        Matcher refresh = REFRESH.matcher(answer.body());
        assertThat(refresh.find()).as(answer.body()).isTrue();
        return refresh.group(1).replace("&amp;", "&");
    }

    private TestHttp.Response authorizeAsUser(String query) {
        return this.http.get(AUTHORIZE + "?" + query, TestPassports.HEADER, passport("GET", AUTHORIZE));
    }

    private String passport(String method, String path) {
        return TestPassports.forSession(this.userId, this.username, Set.of("USER"), this.sid, method, path);
    }

    private TestHttp.Response exchange(String code, String verifier) {
        String body = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(CALLBACK)
                + "&code_verifier=" + verifier + "&client_id=partner";
        return this.http.post("/auth/oauth2/token", body.getBytes(StandardCharsets.UTF_8), FORM);
    }

    private static String query(String clientId, String challenge, String state) {
        return "response_type=code&client_id=" + clientId + "&scope=" + encode("openid profile") + "&state="
                + encode(state) + "&nonce=n&redirect_uri=" + encode(CALLBACK) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256";
    }

    static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Map<String, String> params(URI uri) {
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

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
