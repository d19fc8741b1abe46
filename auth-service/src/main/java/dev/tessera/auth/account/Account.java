package dev.tessera.auth.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
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
    @Column(name = "role", nullable = false, length = 32)
    private Set<String> roles = new HashSet<>();

    @Version
    private Long version;

    protected Account() {}

    Account(Username username, String displayName, String passwordHash, Set<String> roles, Instant createdAt) {
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

    Set<String> roles() {
        return new TreeSet<>(this.roles);
    }

    void replaceRoles(Set<String> roles) {
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
