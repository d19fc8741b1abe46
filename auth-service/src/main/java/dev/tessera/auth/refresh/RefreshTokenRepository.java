package dev.tessera.auth.refresh;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, UUID> {

    /** SELECT ... FOR UPDATE: concurrent presentations of one token are handled one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from RefreshToken t where t.tokenHash = :hash")
    Optional<RefreshToken> findByHashForUpdate(byte[] hash);

    Optional<RefreshToken> findByTokenHash(byte[] hash);

    @Modifying
    @Query(
            "update RefreshToken t set t.successorSealed = null where t.successorSealed is not null and t.rotatedAt < :before")
    int forgetSealedSuccessorsRotatedBefore(Instant before);

    @Modifying
    @Query("delete from RefreshToken t where t.familyId in (select f.id from RefreshFamily f"
            + " where f.expiresAt < :before or f.revokedAt < :before)")
    int deleteOfFamiliesEndedBefore(Instant before);
}
