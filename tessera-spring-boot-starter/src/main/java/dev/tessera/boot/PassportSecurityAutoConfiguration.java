package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportVerifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.server.WebFilter;

/**
 * Spring Security integration, only when Spring Security is on the classpath: the verified passport becomes the
 * request's {@code Authentication} (principal: the {@link Passport}; authorities: {@code ROLE_<role>}; an anonymous
 * passport: an {@code AnonymousAuthenticationToken}), for Spring MVC and WebFlux. So {@code
 * @PreAuthorize("hasRole('ADMIN')")} (with the application's {@code @EnableMethodSecurity} or {@code
 * @EnableReactiveMethodSecurity}) and {@code @AuthenticationPrincipal Passport} work. A refusal by Spring Security in
 * a handler is a problem like any other: 401 for an anonymous caller, 403 otherwise.
 *
 * <p>It defines no {@code SecurityFilterChain}: the application keeps its own. Without one, Spring Boot's default
 * chain (form login and HTTP basic for every request) applies, which a service behind the gateway does not want; see
 * the starter's README for the chain to add.
 */
@AutoConfiguration(after = PassportAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(SecurityContextHolder.class)
@ConditionalOnBean(PassportVerifier.class)
public final class PassportSecurityAutoConfiguration {

    /** Right after the passport filter, long before Spring Security's filter chain. */
    static final int FILTER_ORDER = PassportAutoConfiguration.FILTER_ORDER + 1;

    PassportSecurityAutoConfiguration() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.security.web.context.RequestAttributeSecurityContextRepository")
    static class ServletPassportSecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraPassportSecurityContextFilter")
        FilterRegistrationBean<PassportSecurityContextFilter> tesseraPassportSecurityContextFilter(
                PassportVerifier verifier) {
            FilterRegistrationBean<PassportSecurityContextFilter> registration =
                    new FilterRegistrationBean<>(new PassportSecurityContextFilter(verifier.audience()));
            registration.setOrder(FILTER_ORDER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class ReactivePassportSecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PassportSecurityContextWebFilter tesseraPassportSecurityContextWebFilter(PassportVerifier verifier) {
            return new PassportSecurityContextWebFilter(verifier.audience());
        }
    }
}
