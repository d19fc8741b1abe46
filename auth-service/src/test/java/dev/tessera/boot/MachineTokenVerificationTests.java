package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.AuthServiceApplication;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestClients;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * auth-service's machine tokens as a downstream service sees them: verified by the starter's own {@link
 * ServiceTokenVerifier} (this test lives in its package to use the exact class, not a copy of its rules) against the
 * key set this service publishes. And the two kinds of token never pass for each other.
 */
@AuthServiceTest
// Outside dev.tessera.auth, so the application is named; the context is still the one the other tests share.
@ContextConfiguration(classes = AuthServiceApplication.class)
class MachineTokenVerificationTests {

    private static final Map<String, String> FOR_NOTIFICATIONS =
            Map.of("grant_type", "client_credentials", "audience", "notification-service");

    @LocalServerPort
    int port;

    TestHttp http;

    TestClients clients;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.clients = new TestClients(this.http);
    }

    @Test
    void machineTokenWhenVerifiedByTheStarterThenCallerIsTheClientWithItsScopes() {
        String token = machineToken(FOR_NOTIFICATIONS);

        ServiceCaller caller = verifier("notification-service").verify(token);

        assertThat(caller.clientId()).isEqualTo("seeded-service");
        assertThat(caller.scopes()).containsExactlyInAnyOrder("notifications:read", "notifications:write");
        assertThat(caller.tokenId()).isNotBlank();
        assertThat(caller.expiresAt()).isAfter(java.time.Instant.now());
    }

    @Test
    void machineTokenWhenPresentedToAnotherServiceThenRefused() {
        String token = machineToken(FOR_NOTIFICATIONS);

        assertThatThrownBy(() -> verifier("search-service").verify(token))
                .isInstanceOf(ServiceTokenProblems.InvalidTokenException.class);
    }

    @Test
    void machineTokenWhenVerifiedAsUserTokenThenRefused() {
        String token = machineToken(FOR_NOTIFICATIONS);

        // The rules of a user token (aud tessera, sid, roles, ...): the gateway's audience check alone refuses it.
        assertThatThrownBy(() -> TestTokens.verify(token, TestTokens.fetchJwks(this.http), Clock.systemUTC()))
                .hasMessageContaining("aud");
    }

    @Test
    void userTokenWhenVerifiedAsMachineTokenThenRefused() {
        Flows flows = new Flows(this.http);
        String username = Flows.uniqueName("machine");
        flows.registered(username, "machine token test password");
        String userToken =
                flows.loggedIn(username, "machine token test password").text("access_token");

        // Even a service whose audience were the user tokens' own: sub is a user, not its client_id (tessera-web).
        assertThatThrownBy(() -> verifier("tessera").verify(userToken))
                .isInstanceOf(ServiceTokenProblems.InvalidTokenException.class);
    }

    private String machineToken(Map<String, String> form) {
        TestHttp.Response response = this.clients.basic("seeded-service", AuthServiceTest.SEEDED_CLIENT_SECRET, form);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text("access_token");
    }

    private ServiceTokenVerifier verifier(String audience) {
        return new ServiceTokenVerifier(
                new ServiceTokenProperties(
                        URI.create("http://127.0.0.1:" + this.port + "/.well-known/jwks.json"),
                        "http://localhost:8080",
                        audience,
                        List.of("/internal/**"),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(2)),
                audience);
    }
}
