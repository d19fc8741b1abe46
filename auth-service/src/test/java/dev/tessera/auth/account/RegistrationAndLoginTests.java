package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.TestHttp;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@AuthServiceTest
class RegistrationAndLoginTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
    }

    @Test
    void loginWhenRegisteredThenAccessTokenVerifiesAgainstFetchedJwks() throws Exception {
        String username = "alice" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp.Response registered = this.http.postJson(
                "/auth/register",
                TestHttp.json(
                        Map.of("username", username, "password", "correct horse battery", "display_name", "Alice")));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.text("username")).isEqualTo(username);

        TestHttp.Response login = this.http.postJson(
                "/auth/login", TestHttp.json(Map.of("username", username, "password", "correct horse battery")));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        assertThat(login.text("token_type")).isEqualTo("Bearer");

        JWKSet jwks = JWKSet.parse(this.http.get("/.well-known/jwks.json").body());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                "tessera",
                new JWTClaimsSet.Builder().issuer("http://localhost:8080").build(),
                Set.of("sub", "exp", "iat", "nbf", "jti", "sid")));
        JWTClaimsSet claims = processor.process(login.text("access_token"), null);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(username);
        assertThat(claims.getStringListClaim("roles")).containsExactly("USER");
        assertThat(claims.getSubject()).isEqualTo(registered.text("id"));
    }
}
