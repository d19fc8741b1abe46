package dev.tessera.auth.refresh;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshFamilyRepository extends JpaRepository<RefreshFamily, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from RefreshFamily f where f.id = :id")
    Optional<RefreshFamily> findByIdForUpdate(UUID id);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from RefreshFamily f where f.accountId = :accountId and f.revokedAt is null order by f.id")
    List<RefreshFamily> findActiveForUpdate(UUID accountId);

    /** Families that ended (expired or revoked) before the cut-off; their tokens go with them. */
    @Modifying
    @Query("delete from RefreshFamily f where f.expiresAt < :before or f.revokedAt < :before")
    int deleteEndedBefore(Instant before);
}
