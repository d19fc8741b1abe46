package dev.tessera.forum.web;

import dev.tessera.forum.VersionConflictException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The forum's one addition to the kit's problem contract: someone changed the row between our read and
 * our write, which is the same answer as a stale If-Match (412). Every other error is the kit's.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConcurrentChangeAdvice {

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ErrorResponse concurrentChange() {
        return VersionConflictException.stale();
    }
}
