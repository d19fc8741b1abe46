package dev.tessera.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestTokens;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** ES256 (P-256) by configuration instead of the RS256 default. */
@AuthServiceTest
@TestPropertySource(properties = "tessera.auth.keys.algorithm=ES256")
class Es256SigningTests {

    @LocalServerPort
    int port;

    @Test
    void loginWhenAlgorithmIsEs256ThenTokenSignedWithP256KeyFromJwks() throws Exception {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("ec");
        flows.registered(username, "elliptic curve password");

        String token = flows.loggedIn(username, "elliptic curve password").text("access_token");

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWKSet jwks = TestTokens.fetchJwks(http);
        assertThat(jwks.getKeys()).singleElement().satisfies(jwk -> {
            assertThat(jwk).isInstanceOf(ECKey.class);
            assertThat(((ECKey) jwk).getCurve()).isEqualTo(Curve.P_256);
            assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(jwk.isPrivate()).isFalse();
        });
        assertThat(TestTokens.verify(token, jwks, Clock.systemUTC(), JWSAlgorithm.ES256)
                        .getStringClaim("preferred_username"))
                .isEqualTo(username);
        // A verifier that allows only RS256 refuses it: one algorithm, never a list.
        assertThatThrownBy(() -> TestTokens.verify(token, jwks, Clock.systemUTC(), JWSAlgorithm.RS256))
                .isInstanceOf(com.nimbusds.jose.proc.BadJOSEException.class)
                .hasMessageContaining("Another algorithm expected");
        assertThat(http.get("/.well-known/oauth-authorization-server").body()).contains("\"ES256\"");
    }
}
