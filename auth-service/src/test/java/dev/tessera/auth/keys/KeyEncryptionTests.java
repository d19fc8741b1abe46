package dev.tessera.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyEncryptionTests {

    private final KeyEncryption encryption = new KeyEncryption(randomKey());

    @Test
    void openWhenSealedUnderSameKeyAndContextThenOriginal() {
        byte[] sealed = this.encryption.seal("secret".getBytes(StandardCharsets.UTF_8), "ctx");

        assertThat(new String(this.encryption.open(sealed, "ctx"), StandardCharsets.UTF_8))
                .isEqualTo("secret");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    }

    @Test
    void sealWhenCalledTwiceThenDifferentCiphertexts() {
        byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);

        assertThat(this.encryption.seal(plaintext, "ctx")).isNotEqualTo(this.encryption.seal(plaintext, "ctx"));
    }

    @Test
    void openWhenContextKeyOrBytesDifferThenRefused() {
        byte[] sealed = this.encryption.seal("secret".getBytes(StandardCharsets.UTF_8), "signing-key:a");

        assertThatIllegalStateException().isThrownBy(() -> this.encryption.open(sealed, "signing-key:b"));
        assertThatIllegalStateException()
                .isThrownBy(() -> new KeyEncryption(randomKey()).open(sealed, "signing-key:a"));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatIllegalStateException().isThrownBy(() -> this.encryption.open(tampered, "signing-key:a"));
        assertThatIllegalStateException().isThrownBy(() -> this.encryption.open(new byte[5], "signing-key:a"));
    }

    @Test
    void openWhenSealedUnderPreviousKekThenOpensDuringRotationAndNewSealsUseTheNewKek() {
        byte[] oldKek = randomKey();
        byte[] newKek = randomKey();
        byte[] sealedBefore = new KeyEncryption(oldKek).seal("old".getBytes(StandardCharsets.UTF_8), "ctx");

        KeyEncryption rotating = new KeyEncryption(newKek, java.util.List.of(oldKek));
        byte[] sealedAfter = rotating.seal("new".getBytes(StandardCharsets.UTF_8), "ctx");

        assertThat(rotating.open(sealedBefore, "ctx")).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        assertThat(new KeyEncryption(newKek).open(sealedAfter, "ctx"))
                .isEqualTo("new".getBytes(StandardCharsets.UTF_8));
        assertThatIllegalStateException()
                .isThrownBy(() -> new KeyEncryption(newKek).open(sealedBefore, "ctx"))
                .withMessageContaining("TESSERA_PREVIOUS_KEY_ENCRYPTION_KEYS");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
