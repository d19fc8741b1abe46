package dev.tessera.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassportSecretsTests {

    private static final String GOOD = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void fromConfigurationWhenMissingThenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(null, false))
                .withMessageContaining("tessera.passport.secrets");
        assertThatIllegalStateException().isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(" "), false));
    }

    @Test
    void fromConfigurationWhenShorterThan256BitsThenRefused() {
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(short31), false))
                .withMessageContaining("31 bytes");
        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(GOOD, short31), true));
    }

    @Test
    void fromConfigurationWhenNotBase64ThenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of("not base64 at all!!"), false))
                .withMessageContaining("base64");
    }

    @Test
    void fromConfigurationWhenDevelopmentSecretWithoutDevProfileThenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() ->
                        PassportSecrets.fromConfiguration(List.of(GOOD, PassportSecrets.DEVELOPMENT_SECRET), false))
                .withMessageContaining("development");
    }

    @Test
    void fromConfigurationWhenDevProfileAndNothingConfiguredThenDevelopmentSecret() {
        PassportSecrets secrets = PassportSecrets.fromConfiguration(List.of(), true);

        assertThat(secrets.size()).isEqualTo(1);
        assertThat(secrets.signing().bytes())
                .isEqualTo(
                        "tessera-development-passport-secret-not-for-production".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void fromConfigurationWhenRealSecretsThenKeptInOrderWithStableKeyIds() {
        String other = Base64.getEncoder().encodeToString("another-secret-that-is-long-enough-32b".getBytes());

        PassportSecrets secrets = PassportSecrets.fromConfiguration(List.of(other, GOOD), false);

        assertThat(secrets.size()).isEqualTo(2);
        assertThat(secrets.signing().keyId())
                .isEqualTo(PassportSecrets.of(List.of(other)).signing().keyId())
                .hasSize(8)
                .isNotEqualTo(secrets.all().get(1).keyId());
        assertThat(secrets.toString()).doesNotContain(other).doesNotContain(GOOD);
    }
}
