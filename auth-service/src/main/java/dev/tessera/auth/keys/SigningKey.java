package dev.tessera.auth.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/** A signing key pair; the private half is stored only sealed under the key-encryption key. */
@Entity
@Table(name = "signing_key")
class SigningKey implements Persistable<String> {

    /** New until loaded or persisted, so Spring Data persists instead of merging (no extra SELECT). */
    @Transient
    private boolean fresh = true;

    @Id
    private String kid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SigningAlgorithm algorithm;

    @Column(name = "public_jwk", nullable = false)
    private String publicJwk;

    @Column(name = "private_key_sealed", nullable = false)
    private byte[] privateKeySealed;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "activates_at", nullable = false)
    private Instant activatesAt;

    protected SigningKey() {}

    @Override
    public String getId() {
        return this.kid;
    }

    @Override
    public boolean isNew() {
        return this.fresh;
    }

    @PostLoad
    @PostPersist
    void markPersisted() {
        this.fresh = false;
    }

    SigningKey(
            String kid,
            SigningAlgorithm algorithm,
            String publicJwk,
            byte[] privateKeySealed,
            Instant createdAt,
            Instant activatesAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKeySealed = privateKeySealed;
        this.createdAt = createdAt;
        this.activatesAt = activatesAt;
    }

    String kid() {
        return this.kid;
    }

    SigningAlgorithm algorithm() {
        return this.algorithm;
    }

    String publicJwk() {
        return this.publicJwk;
    }

    byte[] privateKeySealed() {
        return this.privateKeySealed;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    Instant activatesAt() {
        return this.activatesAt;
    }

    static String sealContext(String kid) {
        return "signing-key:" + kid;
    }
}
