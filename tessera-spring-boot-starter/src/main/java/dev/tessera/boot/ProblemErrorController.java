package dev.tessera.boot;

import dev.tessera.passport.Passport;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error controller for errors raised outside Spring MVC (a filter's exception, a {@code
 * sendError}): the same problem contract, the real status, no exception text and no path. Requested directly,
 * {@code /error} is an unknown resource (404).
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
        ExceptionProblems.Answer answer;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable ex) {
            boolean authenticated =
                    request.getAttribute(Callers.ATTRIBUTE) instanceof Passport caller && caller.isAuthenticated();
            answer = ExceptionProblems.unexpected(ex, authenticated);
        } else {
            answer = ExceptionProblems.Answer.of(ProblemBodies.generic(status));
        }
        ProblemDetail problem = ProblemBodies.normalize(answer.body(), ServletProblems.requestId(request));
        return new ResponseEntity<>(problem, ProblemBodies.headers(answer.headers()), problem.getStatus());
    }
}
