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
    void postureWhenKekIsTheOncePublishedValueThenRefusedEvenInDev() {
        String published = "VcDGvjAhH8Px7sAyeDXiBBvvNCIMo/zyNIWUf6lTFh8=";
        MockEnvironment dev = new MockEnvironment();
        dev.setActiveProfiles("dev");

        assertThat(Base64.getEncoder().encodeToString(SecretsPosture.publishedKek()))
                .isEqualTo(published);
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(new MockEnvironment(), published))
                .withMessageContaining("once published");
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(dev, published))
                .withMessageContaining("once published");
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
    void postureWhenDevProfileAndNoKekThenStillRefusedWithTheWayOut() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("dev");

        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretsPosture(environment, null))
                .withMessageContaining("not set")
                .withMessageContaining("openssl rand -base64 32");
    }

    @Test
    void postureWhenDevProfileWithKekThenOneWarningAboutTheGeneratedAdminPassword(CapturedOutput output) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("dev");

        SecretsPosture posture = new SecretsPosture(environment, GOOD_KEK);

        assertThat(posture.developmentMode()).isTrue();
        assertThat(output.getAll()).containsOnlyOnce("DEVELOPMENT PROFILE ACTIVE");
    }

    @Test
    void postureWhenPreviousKekIsShortOrTheOncePublishedValueThenRefusesToStart() {
        String dev = Base64.getEncoder().encodeToString(SecretsPosture.publishedKek());
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
