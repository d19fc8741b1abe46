package dev.tessera.auth.refresh;

import dev.tessera.auth.token.SignIn;
import dev.tessera.auth.token.TokenFormat;
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
import java.util.Arrays;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** Every refresh token descended from one login; its id is the access token's {@code sid}. */
@Entity
@Table(name = "refresh_family")
class RefreshFamily implements Persistable<UUID> {

    /** New until loaded or persisted, so Spring Data persists instead of merging (no extra SELECT). */
    @Transient
    private boolean fresh = true;

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

    /** What the family's logins and refreshes hand out as access token; fixed for the family's life. */
    @Enumerated(EnumType.STRING)
    @Column(name = "token_format", nullable = false, length = 8)
    private TokenFormat tokenFormat = TokenFormat.JWT;

    /**
     * How the login that started the family authenticated: RFC 8176 values, comma-separated; fixed for the family's
     * life, so a refreshed access token says what the login did ({@code created_at} is its {@code auth_time}).
     */
    @Column(name = "amr", nullable = false, length = 32)
    private String amr = SignIn.PASSWORD;

    /** The login request's {@code User-Agent}, cut to 256 characters; {@code null} if it sent none. */
    @Column(name = "user_agent", length = LoginOrigin.USER_AGENT_LENGTH)
    private String userAgent;

    /** The client address of the login, as the gateway saw it. */
    @Column(name = "address", length = LoginOrigin.ADDRESS_LENGTH)
    private String address;

    /**
     * When the session was last used as auth-service can see it: its login, its latest refresh and, for scheme A, an
     * introspection of one of its opaque tokens (written by {@code OpaqueSessions}, at most once a minute). A JWT
     * session's access tokens are verified by the gateway alone, so for scheme B this is the latest refresh.
     */
    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    protected RefreshFamily() {}

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

    RefreshFamily(
            UUID accountId,
            Instant createdAt,
            Instant expiresAt,
            TokenFormat tokenFormat,
            SignIn signIn,
            LoginOrigin origin) {
        this.id = UUID.randomUUID();
        this.userAgent = origin.userAgent();
        this.address = origin.address();
        this.lastUsedAt = createdAt;
        this.amr = String.join(",", signIn.methods());
        this.accountId = accountId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.tokenFormat = tokenFormat;
    }

    TokenFormat tokenFormat() {
        return this.tokenFormat;
    }

    /** How and when the login that started this family authenticated. */
    SignIn signIn() {
        return new SignIn(Arrays.asList(this.amr.split(",")), this.createdAt);
    }

    UUID id() {
        return this.id;
    }

    UUID accountId() {
        return this.accountId;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    Instant expiresAt() {
        return this.expiresAt;
    }

    String userAgent() {
        return this.userAgent;
    }

    String address() {
        return this.address;
    }

    Instant lastUsedAt() {
        return this.lastUsedAt;
    }

    /** A refresh used the session. */
    void used(Instant now) {
        if (now.isAfter(this.lastUsedAt)) {
            this.lastUsedAt = now;
        }
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
