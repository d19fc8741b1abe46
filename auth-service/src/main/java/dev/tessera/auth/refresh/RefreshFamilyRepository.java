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

    /**
     * The account's live sessions, newest first: not revoked, not past their absolute expiry, and with an unrotated
     * refresh token that has not idled out (a family whose last token expired can never be refreshed again).
     */
    @Query("""
            select f from RefreshFamily f
            where f.accountId = :accountId and f.revokedAt is null and f.expiresAt > :now
                and exists (select t.id from RefreshToken t
                    where t.familyId = f.id and t.rotatedAt is null and t.expiresAt > :now)
            order by f.createdAt desc, f.id""")
    List<RefreshFamily> findLive(UUID accountId, Instant now);

    /** Families that ended (expired or revoked) before the cut-off; their tokens go with them. */
    @Modifying
    @Query("delete from RefreshFamily f where f.expiresAt < :before or f.revokedAt < :before")
    int deleteEndedBefore(Instant before);
}
