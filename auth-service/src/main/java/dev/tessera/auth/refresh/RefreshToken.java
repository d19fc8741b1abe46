package dev.tessera.auth.refresh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** One refresh token of a family, stored only as the SHA-256 of its value. */
@Entity
@Table(name = "refresh_token")
class RefreshToken implements Persistable<UUID> {

    /** New until loaded or persisted, so Spring Data persists instead of merging (no extra SELECT). */
    @Transient
    private boolean fresh = true;

    @Id
    private UUID id;

    @Column(name = "family_id", nullable = false)
    private UUID familyId;

    @Column(name = "token_hash", nullable = false, unique = true)
    private byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "rotated_at")
    private Instant rotatedAt;

    @Column(name = "successor_sealed")
    private byte[] successorSealed;

    protected RefreshToken() {}

    @Override
    public UUID getId() {
        return this.id;
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

    RefreshToken(UUID familyId, byte[] tokenHash, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.familyId = familyId;
        this.tokenHash = tokenHash.clone();
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return this.id;
    }

    UUID familyId() {
        return this.familyId;
    }

    Instant expiresAt() {
        return this.expiresAt;
    }

    Instant rotatedAt() {
        return this.rotatedAt;
    }

    boolean isRotated() {
        return this.rotatedAt != null;
    }

    byte[] successorSealed() {
        return this.successorSealed;
    }

    void markRotated(Instant now, byte[] sealedSuccessor) {
        this.rotatedAt = now;
        this.successorSealed = sealedSuccessor;
    }

    String sealContext() {
        return "refresh-successor:" + this.id;
    }
}
