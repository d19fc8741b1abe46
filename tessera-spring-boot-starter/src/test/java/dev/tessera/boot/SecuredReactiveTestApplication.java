package dev.tessera.boot;

import dev.tessera.passport.Passport;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The WebFlux twin of {@link SecuredServletTestApplication}, configured as the starter's README tells. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableReactiveMethodSecurity
@Import(SecuredReactiveTestApplication.SecuredController.class)
class SecuredReactiveTestApplication {

    @Bean
    SecurityWebFilterChain api(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .build();
    }

    @RestController
    static class SecuredController {

        @GetMapping("/me")
        Mono<Map<String, Object>> me(@AuthenticationPrincipal Passport caller) {
            return ReactiveSecurityContextHolder.getContext()
                    .map(context -> SecuredServletTestApplication.describe(caller, context.getAuthentication()));
        }

        @PreAuthorize("hasRole('ADMIN')")
        @GetMapping("/admin/report")
        Mono<Map<String, Object>> report(@AuthenticationPrincipal Passport caller) {
            return Mono.just(Map.of("admin", caller.userId()));
        }

        @PreAuthorize("hasAuthority('forum:moderate')")
        @GetMapping("/moderation")
        Mono<Map<String, Object>> moderation(@AuthenticationPrincipal Passport caller) {
            return Mono.just(Map.of("moderator", caller.userId()));
        }

        @PreAuthorize("hasAllAuthorities('FACTOR_PASSWORD', 'FACTOR_OTP')")
        @GetMapping("/second-factor")
        Mono<Map<String, Object>> secondFactor(@AuthenticationPrincipal Passport caller) {
            return Mono.just(Map.of("user", caller.userId()));
        }
    }
}
