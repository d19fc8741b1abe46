package dev.tessera.auth.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class SecretsPostureTests {

    private static final String GOOD_KEK = "l2CpZETOlyxS6dJIsblecA5tyDyV+VU+oP7Sz5+C1ro=";

    @Test
    void postureWhenKekMissingOutsideDevThenRefusesToStart() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), null))
                .withMessageContaining("TESSERA_KEY_ENCRYPTION_KEY")
                .withMessageContaining("not set");
        assertThatIllegalStateException().isThrownBy(() -> new SecretsPosture(new MockEnvironment(), "  "));
    }

    @Test
    void postureWhenKekShorterThan256BitsThenRefusesToStart() {
        String short128 =
                Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), short128))
                .withMessageContaining("exactly 32 bytes");
    }

    @Test
    void postureWhenKekIsTheDevelopmentValueOutsideDevThenRefusesToStart() {
        String dev = Base64.getEncoder().encodeToString(SecretsPosture.developmentKek());
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), dev))
                .withMessageContaining("development value");
    }

    @Test
    void postureWhenKekNotRandomOrNotBase64ThenRefusesToStart() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(
                        new MockEnvironment(), Base64.getEncoder().encodeToString(new byte[32])))
                .withMessageContaining("not random");
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), "not*base64!"))
                .withMessageContaining("base64");
    }

    @Test
    void postureWhenDevProfileAndNoKekThenDevelopmentValueAndOneLoudWarning(CapturedOutput output) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("dev");

        SecretsPosture posture = new SecretsPosture(environment, null);

        assertThat(posture.keyEncryptionKey()).isEqualTo(SecretsPosture.developmentKek());
        assertThat(Base64.getEncoder().encodeToString(SecretsPosture.developmentKek()))
                .isEqualTo("VcDGvjAhH8Px7sAyeDXiBBvvNCIMo/zyNIWUf6lTFh8=");
        assertThat(posture.developmentMode()).isTrue();
        assertThat(output.getAll()).containsOnlyOnce("DEVELOPMENT PROFILE ACTIVE");
    }

    @Test
    void postureWhenPreviousKekIsShortOrTheDevelopmentValueThenRefusesToStart() {
        String dev = Base64.getEncoder().encodeToString(SecretsPosture.developmentKek());
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), GOOD_KEK, java.util.List.of(dev)))
                .withMessageContaining("previous key-encryption key");
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), GOOD_KEK, java.util.List.of("c2hvcnQ=")))
                .withMessageContaining("exactly 32 bytes");
        assertThat(new SecretsPosture(new MockEnvironment(), GOOD_KEK, java.util.List.of("", " "))
                        .previousKeyEncryptionKeys())
                .isEmpty();
    }

    @Test
    void postureWhenGoodKekThenAcceptedWithoutWarning(CapturedOutput output) {
        SecretsPosture posture = new SecretsPosture(new MockEnvironment(), GOOD_KEK);

        assertThat(posture.keyEncryptionKey()).isEqualTo(Base64.getDecoder().decode(GOOD_KEK));
        assertThat(posture.developmentMode()).isFalse();
        assertThat(output.getAll()).doesNotContain("DEVELOPMENT");
    }
}
