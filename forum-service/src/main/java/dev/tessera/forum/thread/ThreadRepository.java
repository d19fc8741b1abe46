package dev.tessera.forum.thread;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ThreadRepository extends JpaRepository<ForumThread, UUID> {

    @Query("select t from ForumThread t where t.id = :id and t.deletedAt is null")
    Optional<ForumThread> findVisible(UUID id);

    @Query(value = """
                    SELECT * FROM threads WHERE deleted_at IS NULL
                    ORDER BY last_post_at DESC, id DESC LIMIT :limit
                    """, nativeQuery = true)
    List<ForumThread> findNewestActivity(int limit);

    /** The page after a cursor: a row comparison that the {@code threads_by_activity} index serves. */
    @Query(value = """
                    SELECT * FROM threads WHERE deleted_at IS NULL AND (last_post_at, id) < (:at, :id)
                    ORDER BY last_post_at DESC, id DESC LIMIT :limit
                    """, nativeQuery = true)
    List<ForumThread> findNewestActivityAfter(Instant at, UUID id, int limit);
}
