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
                .isThrownBy(() -> PassportSecrets.fromConfiguration(null))
                .withMessageContaining("tessera.passport.secrets");
        assertThatIllegalStateException().isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(" ")));
    }

    @Test
    void fromConfigurationWhenShorterThan256BitsThenRefused() {
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(short31)))
                .withMessageContaining("31 bytes");
        assertThatIllegalStateException().isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(GOOD, short31)));
    }

    @Test
    void fromConfigurationWhenNotBase64ThenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of("not base64 at all!!")))
                .withMessageContaining("base64");
    }

    @Test
    void fromConfigurationWhenTheOncePublishedDevelopmentSecretThenRefusedWhereverItStands() {
        String published = Base64.getEncoder()
                .encodeToString(
                        "tessera-development-passport-secret-not-for-production".getBytes(StandardCharsets.US_ASCII));

        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(published)))
                .withMessageContaining("published");
        assertThatIllegalStateException()
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(GOOD, published)))
                .withMessageContaining("published");
        String vectorKey = "dGVzc2VyYS10ZXN0LXZlY3RvcnMtb25seTogYXV0aC1zZXJ2aWNlIGtleSAx";
        assertThatIllegalStateException()
                .as("the test vectors' keys are public too")
                .isThrownBy(() -> PassportSecrets.fromConfiguration(List.of(vectorKey)))
                .withMessageContaining("published");
        assertThat(PassportSecrets.of(List.of(published)).size())
                .as("tools may still read it")
                .isEqualTo(1);
    }

    @Test
    void fromConfigurationWhenRealSecretsThenKeptInOrderWithStableKeyIds() {
        String other = Base64.getEncoder().encodeToString("another-secret-that-is-long-enough-32b".getBytes());

        PassportSecrets secrets = PassportSecrets.fromConfiguration(List.of(other, GOOD));

        assertThat(secrets.size()).isEqualTo(2);
        assertThat(secrets.signing().keyId())
                .isEqualTo(PassportSecrets.of(List.of(other)).signing().keyId())
                .hasSize(8)
                .isNotEqualTo(secrets.all().get(1).keyId());
        assertThat(secrets.toString()).doesNotContain(other).doesNotContain(GOOD);
    }
}
