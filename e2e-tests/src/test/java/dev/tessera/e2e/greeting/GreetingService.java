package dev.tessera.e2e.greeting;

import dev.tessera.passport.Passport;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service a team adds in "Add your own service" (README): the kit as its only Tessera dependency, its audience
 * in configuration, one controller that takes the caller from the passport.
 */
@SpringBootApplication
@RestController
public class GreetingService {

    @GetMapping("/greetings/me")
    Map<String, String> me(Passport caller) {
        return Map.of("greeting", "Hello, " + caller.username(), "userId", caller.userId());
    }
}
