package dev.tessera.forum;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A change that named no version (428) or a version that is no longer current (412). Either way
 * nothing was written: a stale edit never overwrites a newer one.
 */
public class VersionConflictException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private VersionConflictException(HttpStatus status, String slug, String title, String detail) {
        super(status, slug, title, detail);
    }

    public static VersionConflictException required() {
        return new VersionConflictException(
                HttpStatus.PRECONDITION_REQUIRED,
                "precondition-required",
                "Precondition Required",
                "Send If-Match with the ETag you last read; changes without a version are refused");
    }

    public static VersionConflictException stale() {
        return new VersionConflictException(
                HttpStatus.PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition Failed",
                "The resource changed since you read it; read it again and repeat the change");
    }
}
