package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Authorization codes are short-lived (RFC 9700 section 4.5.3, {@code tessera.auth.oidc.authorization-code-lifetime},
 * 60 s by default): one older than its lifetime is refused. A short lifetime here (its own context) so the test need not
 * wait a minute; long enough that the control, redeemed at once, is well within it on a busy machine.
 */
@AuthServiceTest
@TestPropertySource(
        properties = "tessera.auth.oidc.authorization-code-lifetime=" + OpenIdCodeLifetimeTests.LIFETIME_SECONDS + "s")
class OpenIdCodeLifetimeTests {

    static final int LIFETIME_SECONDS = 5;

    private static final String AUTHORIZE = "/auth/oauth2/authorize";

    private static final String CALLBACK = "https://dashboard.example/cb";

    @LocalServerPort
    int port;

    TestHttp http;

    String userId;

    String username;

    String sid;

    @BeforeEach
    void setUp() throws Exception {
        this.http = new TestHttp(this.port);
        Flows flows = new Flows(this.http);
        this.username = Flows.uniqueName("codes");
        String password = "correct horse battery staple codes";
        flows.registered(this.username, password);
        JWTClaimsSet claims = SignedJWT.parse(
                        flows.loggedIn(this.username, password).text("access_token"))
                .getJWTClaimsSet();
        this.userId = claims.getSubject();
        this.sid = claims.getStringClaim("sid");
    }

    @Test
    void codeWhenOlderThanTheAuthorizationCodeLifetimeThenInvalidGrant() {
        String verifier = OpenIdConsentTests.verifier();
        String code = code(verifier);
        // Issued no later than now, so it expires no later than now + lifetime.
        Instant expiredBy = Instant.now().plusSeconds(LIFETIME_SECONDS).plusMillis(500);
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS + 30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(expiredBy));

        TestHttp.Response token = exchange(code, verifier);

        assertThat(token.status()).isEqualTo(400);
        assertThat(token.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void codeWhenRedeemedWithinItsLifetimeThenTokens() {
        // The control: the same grant, at once.
        String verifier = OpenIdConsentTests.verifier();

        TestHttp.Response token = exchange(code(verifier), verifier);

        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(token.text("id_token")).isNotBlank();
    }

    private String code(String verifier) {
        String query = "response_type=code&client_id=dashboard&scope=openid&state=s&redirect_uri="
                + OpenIdConsentTests.encode(CALLBACK) + "&code_challenge=" + OpenIdConsentTests.challenge(verifier)
                + "&code_challenge_method=S256";
        TestHttp.Response authorize = this.http.get(
                AUTHORIZE + "?" + query,
                TestPassports.HEADER,
                TestPassports.forSession(this.userId, this.username, Set.of("USER"), this.sid, "GET", AUTHORIZE));
        assertThat(authorize.status()).isEqualTo(302);
        return OpenIdConsentTests.params(URI.create(authorize.header("Location")))
                .get("code");
    }

    private TestHttp.Response exchange(String code, String verifier) {
        String body = "grant_type=authorization_code&code=" + OpenIdConsentTests.encode(code) + "&redirect_uri="
                + OpenIdConsentTests.encode(CALLBACK) + "&code_verifier=" + verifier + "&client_id=dashboard";
        return this.http.post(
                "/auth/oauth2/token", body.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }
}
