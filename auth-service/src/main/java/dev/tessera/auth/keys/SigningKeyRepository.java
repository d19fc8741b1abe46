package dev.tessera.auth.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

    List<SigningKey> findAllByOrderByActivatesAtAsc();

    Optional<SigningKey> findFirstByActivatesAtLessThanEqualOrderByActivatesAtDesc(Instant now);
}
