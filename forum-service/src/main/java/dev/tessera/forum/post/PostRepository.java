package dev.tessera.forum.post;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PostRepository extends JpaRepository<Post, UUID> {

    /** A post that readers may see: neither it nor its thread is deleted. */
    @Query(value = """
                    SELECT p.* FROM posts p JOIN threads t ON t.id = p.thread_id
                    WHERE p.id = :id AND p.deleted_at IS NULL AND t.deleted_at IS NULL
                    """, nativeQuery = true)
    Optional<Post> findVisible(UUID id);

    List<Post> findByThreadIdAndPositionGreaterThanAndDeletedAtIsNullOrderByPositionAsc(
            UUID threadId, long position, Limit limit);

    @Query(value = """
                    SELECT p.* FROM posts p JOIN threads t ON t.id = p.thread_id
                    WHERE p.author_id = :authorId AND p.deleted_at IS NULL AND t.deleted_at IS NULL
                    ORDER BY p.created_at DESC, p.id DESC LIMIT :limit
                    """, nativeQuery = true)
    List<Post> findNewestByAuthor(UUID authorId, int limit);

    @Query(value = """
                    SELECT p.* FROM posts p JOIN threads t ON t.id = p.thread_id
                    WHERE p.author_id = :authorId AND p.deleted_at IS NULL AND t.deleted_at IS NULL
                      AND (p.created_at, p.id) < (:at, :id)
                    ORDER BY p.created_at DESC, p.id DESC LIMIT :limit
                    """, nativeQuery = true)
    List<Post> findNewestByAuthorAfter(UUID authorId, Instant at, UUID id, int limit);
}
