package dev.tessera.auth.account;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface AccountRepository extends JpaRepository<Account, UUID> {

    Optional<Account> findByUsername(String username);

    boolean existsByUsername(String username);

    Page<Account> findByUsernameContaining(String fragment, Pageable pageable);

    @Query("select count(a) from Account a join a.roles r where r = :role and a.enabled = true and a.id <> :excluded")
    long countEnabledWithRoleExcept(String role, UUID excluded);

    @Query("select count(a) > 0 from Account a join a.roles r where r = :role")
    boolean existsWithRole(String role);

    /** Replaces a hash only if it is still the one that was verified (no lost concurrent update). */
    @Transactional
    @Modifying
    @Query("update Account a set a.passwordHash = :replacement where a.id = :id and a.passwordHash = :current")
    int replacePasswordHash(UUID id, String current, String replacement);
}
