package dev.tessera.auth.revocation;

import dev.tessera.auth.web.ProblemException;
import dev.tessera.passport.RequireCaller;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/revocations?since=<cursor>} (docs/contracts.md, "Internal calls"): only for callers
 * inside the deployment, i.e. a passport with the role {@code SERVICE}, which no account can hold. Never
 * routed by the gateway. Without {@code since} the feed starts at the beginning of the window (a gateway
 * that just started).
 */
@RestController
@RequireCaller(anyRole = "SERVICE")
class RevocationController {

    private final Revocations revocations;

    RevocationController(Revocations revocations) {
        this.revocations = revocations;
    }

    @GetMapping(path = "/internal/revocations", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Feed> feed(@RequestParam(name = "since", required = false) String since) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.revocations.since(cursor(since)));
    }

    private static long cursor(String since) {
        if (since == null || since.isEmpty()) {
            return 0;
        }
        if (since.length() > 19 || !since.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidCursorException();
        }
        try {
            return Long.parseLong(since);
        } catch (NumberFormatException ex) {
            throw new InvalidCursorException();
        }
    }

    static final class InvalidCursorException extends ProblemException {

        InvalidCursorException() {
            super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", "since: is not a cursor of this feed");
        }
    }
}
