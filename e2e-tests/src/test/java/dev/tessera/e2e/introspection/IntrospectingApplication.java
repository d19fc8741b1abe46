package dev.tessera.e2e.introspection;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stranger's service that asks Tessera's introspection endpoint about every token (README, "Check a token with the
 * introspection endpoint (RFC 7662)"): Spring Boot's resource server with opaque tokens, configured by the README's
 * settings only, no bean of its own, no Tessera code. Run as a process of its own by {@code
 * IntrospectionIntegrationTests}, with a classpath without Tessera's kit; its own package, so that it scans nothing of
 * the JWT resource server beside it.
 */
@SpringBootApplication
@RestController
public class IntrospectingApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntrospectingApplication.class, args);
    }

    /** What Spring Security made of the introspection answer: the principal's name, attributes and authorities. */
    @GetMapping("/me")
    Caller me(BearerTokenAuthentication caller) {
        return new Caller(
                caller.getName(),
                (String) caller.getTokenAttributes().get("username"),
                (List<?>) caller.getTokenAttributes().get("roles"),
                (String) caller.getTokenAttributes().get("client_id"),
                caller.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .sorted()
                        .toList());
    }

    record Caller(String name, String username, List<?> roles, String clientId, List<String> authorities) {}
}
