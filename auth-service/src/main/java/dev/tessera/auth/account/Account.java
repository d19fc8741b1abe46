package dev.tessera.auth.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

@Entity
@Table(name = "account")
class Account {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 32)
    private String username;

    @Column(name = "display_name", length = 64)
    private String displayName;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_role", joinColumns = @JoinColumn(name = "account_id"))
    @Column(name = "role", nullable = false, length = 16)
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = new HashSet<>();

    @Version
    private Long version;

    protected Account() {}

    Account(Username username, String displayName, String passwordHash, Set<Role> roles, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.username = username.value();
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.enabled = true;
        this.roles = new HashSet<>(roles);
        this.createdAt = createdAt;
    }

    UUID id() {
        return this.id;
    }

    String username() {
        return this.username;
    }

    String displayName() {
        return this.displayName;
    }

    String passwordHash() {
        return this.passwordHash;
    }

    boolean isEnabled() {
        return this.enabled;
    }

    Instant createdAt() {
        return this.createdAt;
    }

    Set<Role> roles() {
        return this.roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(this.roles);
    }

    void replaceRoles(Set<Role> roles) {
        this.roles.clear();
        this.roles.addAll(roles);
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    AccountIdentity identity() {
        return new AccountIdentity(this.id, this.username, roles());
    }
}
