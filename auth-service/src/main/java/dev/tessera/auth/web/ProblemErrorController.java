package dev.tessera.auth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error controller for errors raised outside Spring MVC (Tomcat's own 400s, a
 * filter's exception): the same problem+json shape, the real status, no exception text.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            status = (code == null) ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String title = status.getReasonPhrase();
        String detail = status.is4xxClientError()
                ? "The request could not be processed."
                : "The service could not process the request.";
        ProblemDetail problem =
                Problems.of(status, title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, detail);
        problem.setInstance(null);
        return Problems.response(problem, null);
    }
}
