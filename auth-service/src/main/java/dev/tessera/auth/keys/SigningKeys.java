package dev.tessera.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The keys as the rest of the service sees them: the one key that signs now, and the public keys
 * to publish. Decrypted signers are cached by {@code kid} (keys never change once written).
 */
@Component
public class SigningKeys {

    private static final int MAX_CACHED_SIGNERS = 16;

    private final SigningKeyRepository repository;

    private final KeyRotation rotation;

    private final KeyEncryption encryption;

    private final Clock clock;

    private final Map<String, ActiveSigningKey> signers = new ConcurrentHashMap<>();

    SigningKeys(SigningKeyRepository repository, KeyRotation rotation, KeyEncryption encryption, Clock clock) {
        this.repository = repository;
        this.rotation = rotation;
        this.encryption = encryption;
        this.clock = clock;
    }

    /** The key that signs at this instant: the most recently activated one. */
    public ActiveSigningKey current() {
        SigningKey key = this.repository
                .findFirstByActivatesAtLessThanEqualOrderByActivatesAtDesc(this.clock.instant())
                .orElseThrow(() -> new IllegalStateException("No active signing key"));
        ActiveSigningKey cached = this.signers.get(key.kid());
        if (cached != null) {
            return cached;
        }
        if (this.signers.size() >= MAX_CACHED_SIGNERS) {
            this.signers.clear();
        }
        ActiveSigningKey loaded = load(key);
        this.signers.put(key.kid(), loaded);
        return loaded;
    }

    /** The public JWK set: every key that is published now (pending, signing and verify-only ones). */
    public JWKSet publicKeys() {
        Instant now = this.clock.instant();
        List<JWK> keys = this.rotation.publishedKeys(now).stream()
                .map(key -> parse(key.publicJwk()))
                .filter(jwk -> !jwk.isPrivate())
                .toList();
        return new JWKSet(keys);
    }

    private ActiveSigningKey load(SigningKey key) {
        byte[] json = this.encryption.open(key.privateKeySealed(), SigningKey.sealContext(key.kid()));
        JWK jwk = parse(new String(json, StandardCharsets.UTF_8));
        try {
            JWSSigner signer = switch (key.algorithm()) {
                case RS256 -> new RSASSASigner(jwk.toRSAKey());
                case ES256 -> new ECDSASigner(jwk.toECKey());
            };
            return new ActiveSigningKey(key.kid(), key.algorithm(), signer, jwk);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Stored signing key " + key.kid() + " is unusable", ex);
        }
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException ex) {
            throw new IllegalStateException("Stored JWK does not parse", ex);
        }
    }
}
