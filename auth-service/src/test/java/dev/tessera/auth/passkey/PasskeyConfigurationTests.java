package dev.tessera.auth.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.webauthn4j.data.client.Origin;
import dev.tessera.auth.TokenProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasskeyConfigurationTests {

    private static final TokenProperties TOKENS = new TokenProperties(
            "https://tessera.example:8443/base", "tessera", Duration.ofMinutes(5), "/api/auth", "tessera-web");

    @Test
    void relyingPartyWhenNoOriginsConfiguredThenTheIssuersOriginOnly() {
        Passkeys.RelyingParty party = new PasskeyConfiguration()
                .relyingParty(new WebAuthnProperties("tessera.example", "Tessera", List.of()), TOKENS);

        assertThat(party.id()).isEqualTo("tessera.example");
        assertThat(party.origins()).containsExactly(new Origin("https://tessera.example:8443"));
    }

    @Test
    void relyingPartyWhenOriginsConfiguredThenExactlyThoseAndNotTheIssuers() {
        Passkeys.RelyingParty party = new PasskeyConfiguration()
                .relyingParty(
                        new WebAuthnProperties(
                                "example.org", "Tessera", List.of("https://a.example.org", "https://b.example.org")),
                        TOKENS);

        assertThat(party.origins())
                .containsExactlyInAnyOrder(new Origin("https://a.example.org"), new Origin("https://b.example.org"));
    }
}
