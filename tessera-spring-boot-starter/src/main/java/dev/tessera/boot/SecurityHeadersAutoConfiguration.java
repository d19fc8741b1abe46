package dev.tessera.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

/**
 * Security headers on every response ({@link SecurityHeadersProperties}), set before the passport filter so its
 * refusals carry them too.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "tessera.http.security-headers.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecurityHeadersProperties.class)
public final class SecurityHeadersAutoConfiguration {

    /** Right after the request id, before the passport filter. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    SecurityHeadersAutoConfiguration() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletSecurityHeadersConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraSecurityHeadersFilter")
        FilterRegistrationBean<SecurityHeadersFilter> tesseraSecurityHeadersFilter(
                SecurityHeadersProperties properties) {
            FilterRegistrationBean<SecurityHeadersFilter> registration =
                    new FilterRegistrationBean<>(new SecurityHeadersFilter(properties));
            registration.setOrder(FILTER_ORDER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class ReactiveSecurityHeadersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SecurityHeadersWebFilter tesseraSecurityHeadersWebFilter(SecurityHeadersProperties properties) {
            return new SecurityHeadersWebFilter(properties);
        }
    }
}
