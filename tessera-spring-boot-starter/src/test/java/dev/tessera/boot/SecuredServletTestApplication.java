package dev.tessera.boot;

import dev.tessera.passport.Passport;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC service with Spring Security, configured as the starter's README tells: method security on, and a
 * filter chain that leaves authentication to the passport (no login forms, no session, no CSRF tokens: nothing
 * here is authenticated by a cookie).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(SecuredServletTestApplication.SecuredController.class)
class SecuredServletTestApplication {

    @Bean
    SecurityFilterChain api(HttpSecurity http) {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** What the tests check of the principal and the {@code Authentication} a handler sees. */
    static Map<String, Object> describe(Passport caller, Authentication authentication) {
        return Map.of(
                "userId", String.valueOf(caller.userId()),
                "authenticated", caller.isAuthenticated(),
                "name", String.valueOf(authentication.getName()),
                "authorities",
                        authentication.getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .toList()
                                .toString(),
                "factors",
                        authentication.getAuthorities().stream()
                                .filter(FactorGrantedAuthority.class::isInstance)
                                .map(FactorGrantedAuthority.class::cast)
                                .map(factor -> factor.getAuthority() + "@" + factor.getIssuedAt())
                                .toList()
                                .toString(),
                "kind", authentication.getClass().getSimpleName());
    }

    @RestController
    static class SecuredController {

        @GetMapping("/me")
        Map<String, Object> me(@AuthenticationPrincipal Passport caller) {
            return describe(caller, SecurityContextHolder.getContext().getAuthentication());
        }

        @PreAuthorize("hasRole('ADMIN')")
        @GetMapping("/admin/report")
        Map<String, Object> report(@AuthenticationPrincipal Passport caller) {
            return Map.of("admin", caller.userId());
        }

        @PreAuthorize("hasAuthority('forum:moderate')")
        @GetMapping("/moderation")
        Map<String, Object> moderation(@AuthenticationPrincipal Passport caller) {
            return Map.of("moderator", caller.userId());
        }

        @PreAuthorize("hasAllAuthorities('FACTOR_PASSWORD', 'FACTOR_OTP')")
        @GetMapping("/second-factor")
        Map<String, Object> secondFactor(@AuthenticationPrincipal Passport caller) {
            return Map.of("user", caller.userId());
        }
    }
}
