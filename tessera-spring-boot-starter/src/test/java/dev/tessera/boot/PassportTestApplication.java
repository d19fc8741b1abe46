package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small Spring MVC service that uses the starter exactly as forum-service does, without Spring Security (the
 * starter's test classpath has it, so Spring Boot's security auto-configuration is left out here).
 */
@SpringBootConfiguration
@AutoConfigurationWithoutSpringSecurity
@Import(PassportTestApplication.CallerController.class)
class PassportTestApplication {

    /** A service's own problem, with an extension member and a retry delay. */
    static final class SlowDownException extends ProblemException {

        private static final long serialVersionUID = 1L;

        SlowDownException() {
            super(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "slow-down",
                    "Slow down",
                    "Too many requests for this resource.",
                    Duration.ofMillis(1500));
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("limit", 3);
        }
    }

    record NewThread(String title, int pinned) {}

    @RestController
    static class CallerController {

        @GetMapping("/threads")
        Map<String, Object> threads(Passport caller) {
            return Map.of("authenticated", caller.isAuthenticated(), "audience", caller.audience());
        }

        @PostMapping("/threads")
        Map<String, Object> create(@RequireCaller Passport caller) {
            return Map.of("userId", caller.userId(), "username", caller.username());
        }

        @PostMapping("/public/threads")
        Map<String, Object> echo(@RequestBody NewThread thread) {
            return Map.of("title", thread.title());
        }

        @RequireCaller(anyRole = "ADMIN")
        @GetMapping("/admin/users")
        Map<String, Object> users(Passport caller) {
            return Map.of("admin", caller.userId());
        }

        /** Logs one line while handling the request, for the logging tests. */
        @GetMapping("/logged")
        Map<String, Object> logged(Passport caller) {
            LoggerFactory.getLogger(CallerController.class).info("Handling the logged request");
            return Map.of("authenticated", caller.isAuthenticated());
        }

        /** What the logging context holds while the handler runs. */
        @GetMapping("/public/mdc")
        Map<String, Object> mdc() {
            return Map.of(
                    "requestId", String.valueOf(org.slf4j.MDC.get("http.request.id")),
                    "userId", String.valueOf(org.slf4j.MDC.get("user.id")));
        }

        @GetMapping("/public/info")
        Map<String, Object> info(Passport caller) {
            return Map.of("authenticated", caller.isAuthenticated());
        }

        @GetMapping("/public/threads/{id}")
        Map<String, Object> thread(@PathVariable java.util.UUID id) {
            return Map.of("id", id);
        }

        @GetMapping("/public/slow")
        List<String> slow() {
            throw new SlowDownException();
        }

        @GetMapping("/public/boom")
        List<String> boom() {
            throw new IllegalStateException("secret internal state at /public/boom");
        }
    }
}
