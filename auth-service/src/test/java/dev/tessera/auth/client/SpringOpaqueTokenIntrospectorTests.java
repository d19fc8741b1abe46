package dev.tessera.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.web.client.RestTemplate;

/**
 * Spring Security's own RFC 7662 client, {@link SpringOpaqueTokenIntrospector} (what a resource server configured
 * with {@code spring.security.oauth2.resourceserver.opaquetoken.*} runs), against the running service: it reads
 * Tessera's answers for user JWTs, scheme A sessions and the inactive cases, and fails on a wrong client secret.
 */
@TimeTravelTest
class SpringOpaqueTokenIntrospectorTests {

    private static final String PASSWORD = "spring introspector test password";

    @LocalServerPort
    int port;

    @Autowired
    MachineClients clients;

    @Autowired
    MutableClock clock;

    TestHttp http;

    Flows flows;

    String clientId;

    String secret;

    String username;

    String userId;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        IntrospectingClient client = IntrospectingClient.register(this.clients);
        this.clientId = client.id();
        this.secret = client.secret();
        this.username = Flows.uniqueName("spring");
        this.userId = this.flows.register(this.username, PASSWORD).text("id");
    }

    @Test
    void introspectWhenActiveUserJwtThenPrincipalWithTheUsersClaims() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");

        OAuth2AuthenticatedPrincipal principal = introspector(this.secret).introspect(token);

        assertThat(principal.getName()).isEqualTo(this.userId);
        assertThat((Object) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.USERNAME))
                .isEqualTo(this.username);
        assertThat((Object) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.CLIENT_ID))
                .isEqualTo("tessera-web");
        assertThat((Object) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.ISS))
                .hasToString("http://localhost:8080");
        assertThat((Object) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.EXP))
                .isInstanceOf(Instant.class);
        assertThat((List<Object>) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.AUD))
                .containsExactly("tessera");
        assertThat((List<Object>) principal.getAttribute("roles")).containsExactly("USER");
        // No scope, so no SCOPE_ authorities: what the user may do is in roles, for the application to map.
        assertThat(principal.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .isEmpty();
    }

    @Test
    void introspectWhenActiveOpaqueSessionThenPrincipalWithTheUsersClaims() {
        String session = this.http
                .postJson(
                        "/auth/login",
                        TestHttp.json(
                                Map.of("username", this.username, "password", PASSWORD, "token_format", "opaque")),
                        TestPassports.HEADER,
                        TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"))
                .text("access_token");

        OAuth2AuthenticatedPrincipal principal = introspector(this.secret).introspect(session);

        assertThat(principal.getName()).isEqualTo(this.userId);
        assertThat((Object) principal.getAttribute(OAuth2TokenIntrospectionClaimNames.USERNAME))
                .isEqualTo(this.username);
    }

    @Test
    void introspectWhenRevokedExpiredOrGarbageThenBadOpaqueToken() {
        TestHttp.Response loggedOut = this.flows.loggedIn(this.username, PASSWORD);
        assertThat(this.flows.logout(loggedOut.text("refresh_token")).status()).isEqualTo(204);
        String expiring = this.flows.loggedIn(this.username, PASSWORD).text("access_token");
        OpaqueTokenIntrospector introspector = introspector(this.secret);
        assertThat(introspector.introspect(expiring).getName()).isEqualTo(this.userId);

        this.clock.advance(Duration.ofMinutes(6));

        for (String token : List.of(loggedOut.text("access_token"), expiring, "garbage", "a.b.c")) {
            assertThatThrownBy(() -> introspector.introspect(token))
                    .as(token)
                    .isInstanceOf(BadOpaqueTokenException.class);
        }
    }

    @Test
    void introspectWhenClientSecretWrongThenIntrospectionFailsNotInactive() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("access_token");

        assertThatThrownBy(() -> introspector(this.secret + "x").introspect(token))
                .isInstanceOf(OAuth2IntrospectionException.class)
                .isNotInstanceOf(BadOpaqueTokenException.class);
    }

    /**
     * What {@code SpringOpaqueTokenIntrospector.withIntrospectionUri(uri).clientId(id).clientSecret(secret).build()}
     * makes (a {@link RestTemplate} with Basic authentication), plus the gateway's anonymous passport naming an
     * address of this test's own, so that the wrong secret's throttle count stays out of other tests' way.
     */
    private OpaqueTokenIntrospector introspector(String clientSecret) {
        RestTemplate rest = new RestTemplate();
        rest.getInterceptors().add(new BasicAuthenticationInterceptor(this.clientId, clientSecret));
        String address = Flows.uniqueAddress();
        rest.getInterceptors().add((request, body, execution) -> {
            request.getHeaders()
                    .set(
                            TestPassports.HEADER,
                            TestPassports.anonymousFrom(address, "POST", IntrospectionEndpoint.PATH));
            return execution.execute(request, body);
        });
        return new SpringOpaqueTokenIntrospector(
                this.http.uri(IntrospectionEndpoint.PATH).toString(), rest);
    }
}
