package dev.tessera.auth.keys;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing keys ({@code tessera.auth.keys}).
 *
 * @param algorithm the one signing algorithm, {@code RS256} (default) or {@code ES256}
 * @param rsaKeySize RSA modulus size for new RS256 keys (default 2048, at least 2048)
 * @param encryptionKey the key-encryption key, base64 of exactly 32 bytes (env
 *     {@code TESSERA_KEY_ENCRYPTION_KEY}); no default outside the {@code dev} profile
 * @param previousEncryptionKeys earlier key-encryption keys (env {@code
 *     TESSERA_PREVIOUS_KEY_ENCRYPTION_KEYS}, comma-separated), used only to open keys they sealed while a
 *     KEK rotation is under way; empty by default
 * @param rotationInterval how long a key signs before the next one takes over (default 30 days)
 * @param leadTime how long a new key is published before it signs (default 1 hour; longer than any
 *     JWKS cache in front of it, so verifiers already know it when the first token arrives)
 * @param clockSkew extra time an old key stays published after its last token expired (default 60 s,
 *     the verifiers' allowed skew)
 * @param checkInterval how often each replica checks whether a rotation or retirement is due
 * @param jwksMaxAge {@code Cache-Control: max-age} of the JWK set (default 5 minutes)
 */
@Validated
@ConfigurationProperties("tessera.auth.keys")
record KeyProperties(
        @NotNull @DefaultValue("RS256") SigningAlgorithm algorithm,
        @Min(2048) @Max(8192) @DefaultValue("2048") int rsaKeySize,
        String encryptionKey,
        @DefaultValue List<String> previousEncryptionKeys,
        @NotNull @DefaultValue("30d") Duration rotationInterval,
        @NotNull @DefaultValue("1h") Duration leadTime,
        @NotNull @DefaultValue("60s") Duration clockSkew,
        @NotNull @DefaultValue("1m") Duration checkInterval,
        @NotNull @DefaultValue("5m") Duration jwksMaxAge) {

    @AssertTrue(message = "lead-time must be longer than jwks-max-age, so caches see a key before it signs")
    boolean isLeadTimeLongerThanJwksCache() {
        return this.leadTime == null || this.jwksMaxAge == null || this.leadTime.compareTo(this.jwksMaxAge) > 0;
    }

    @AssertTrue(message = "rotation-interval must be longer than lead-time")
    boolean isRotationIntervalLongerThanLeadTime() {
        return this.rotationInterval == null
                || this.leadTime == null
                || this.rotationInterval.compareTo(this.leadTime) > 0;
    }

    @Override
    public String toString() {
        return "KeyProperties[algorithm=" + this.algorithm + ", rsaKeySize=" + this.rsaKeySize
                + ", encryptionKey="
                + ((this.encryptionKey == null || this.encryptionKey.isEmpty()) ? "<unset>" : "<set>")
                + ", previousEncryptionKeys="
                + ((this.previousEncryptionKeys == null) ? 0 : this.previousEncryptionKeys.size())
                + ", previousEncryptionKeys="
                + ((this.previousEncryptionKeys == null) ? 0 : this.previousEncryptionKeys.size())
                + ", rotationInterval=" + this.rotationInterval + ", leadTime=" + this.leadTime + "]";
    }
}
