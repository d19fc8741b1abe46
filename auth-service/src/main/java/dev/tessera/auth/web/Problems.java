package dev.tessera.auth.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the problem responses of this service, so every path renders them the same way. */
final class Problems {

    static final String TYPE_PREFIX = "urn:tessera:problem:";

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        problem.setDetail(detail);
        return problem;
    }

    static ResponseEntity<ProblemDetail> response(ProblemDetail problem, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setCacheControl("no-store");
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        }
        return new ResponseEntity<>(problem, headers, problem.getStatus());
    }

    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
        return Math.max(1, seconds);
    }
}
