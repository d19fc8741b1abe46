package dev.tessera.e2e.resourceserver;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stranger's service that verifies Tessera's access tokens itself (README, "Verify Tessera's access tokens in a
 * Spring Boot resource server"): Spring Boot's resource server, the README's properties, one bean, no Tessera code.
 * Run as a process of its own by {@code ResourceServerIntegrationTests}, with a classpath without Tessera's kit.
 */
@SpringBootApplication
@EnableMethodSecurity
@RestController
public class ResourceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResourceServerApplication.class, args);
    }

    /** RFC 9068 access tokens: replaces Boot's default type check, which accepts only {@code typ: JWT}. */
    @Bean
    JwtTypeValidator accessTokenType() {
        return new JwtTypeValidator("at+jwt", "application/at+jwt");
    }

    @GetMapping("/me")
    Map<String, Object> me(JwtAuthenticationToken caller) {
        return Map.of(
                "name", caller.getName(),
                "username", caller.getToken().getClaimAsString("preferred_username"),
                "authorities",
                        caller.getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .sorted()
                                .toList());
    }

    @GetMapping("/admin/report")
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, String> report(JwtAuthenticationToken caller) {
        return Map.of("report", "for " + caller.getToken().getClaimAsString("preferred_username"));
    }
}
