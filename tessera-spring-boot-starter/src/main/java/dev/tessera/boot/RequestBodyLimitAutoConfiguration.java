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
 * The request body limit ({@link RequestBodyProperties}): 413 problem for a body over {@code
 * tessera.http.request-body.max-size}. Runs after the passport filter, so a caller without a passport learns nothing
 * but 401.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "tessera.http.request-body.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestBodyProperties.class)
public final class RequestBodyLimitAutoConfiguration {

    /** After the passport filter. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    RequestBodyLimitAutoConfiguration() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletRequestBodyLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraRequestBodyLimitFilter")
        FilterRegistrationBean<RequestBodyLimitFilter> tesseraRequestBodyLimitFilter(RequestBodyProperties properties) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties.maxSize().toBytes()));
            registration.setOrder(FILTER_ORDER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class ReactiveRequestBodyLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RequestBodyLimitWebFilter tesseraRequestBodyLimitWebFilter(RequestBodyProperties properties) {
            return new RequestBodyLimitWebFilter(properties.maxSize().toBytes());
        }
    }
}
