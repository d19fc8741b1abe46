package dev.tessera.forum;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A change that named no version (428) or a version that is no longer current (412). Either way
 * nothing was written: a stale edit never overwrites a newer one.
 */
public class VersionConflictException extends ErrorResponseException {

    private VersionConflictException(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    public static VersionConflictException required() {
        return new VersionConflictException(
                HttpStatus.PRECONDITION_REQUIRED,
                "Send If-Match with the ETag you last read; changes without a version are refused");
    }

    public static VersionConflictException stale() {
        return new VersionConflictException(
                HttpStatus.PRECONDITION_FAILED,
                "The resource changed since you read it; read it again and repeat the change");
    }
}
