package dev.tessera.auth.refresh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Every refresh token descended from one login; its id is the access token's {@code sid}. */
@Entity
@Table(name = "refresh_family")
class RefreshFamily {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private UUID accountId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_reason", length = 32)
    private String revokedReason;

    protected RefreshFamily() {}

    RefreshFamily(UUID accountId, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return this.id;
    }

    UUID accountId() {
        return this.accountId;
    }

    Instant expiresAt() {
        return this.expiresAt;
    }

    boolean isRevoked() {
        return this.revokedAt != null;
    }

    String revokedReason() {
        return this.revokedReason;
    }

    boolean isUsableAt(Instant now) {
        return this.revokedAt == null && this.expiresAt.isAfter(now);
    }

    void revoke(Instant now, RevocationReason reason) {
        if (this.revokedAt == null) {
            this.revokedAt = now;
            this.revokedReason = reason.name();
        }
    }
}
