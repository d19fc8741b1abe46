package dev.tessera.passport;

import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small servlet service that uses the auto-configuration exactly as forum-service would. */
@SpringBootApplication
class PassportTestApplication {

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

        @GetMapping("/public/info")
        Map<String, Object> info(Passport caller) {
            return Map.of("authenticated", caller.isAuthenticated());
        }
    }
}
