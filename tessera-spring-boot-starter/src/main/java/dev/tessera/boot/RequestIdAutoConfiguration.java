package dev.tessera.boot;

import org.springframework.beans.factory.SmartInitializingSingleton;
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
 * The request id of every request ({@link RequestIdProperties}), first of all filters: servlet services get it in
 * the SLF4J MDC ({@code http.request.id}) for the length of the request; reactive services in the Reactor context,
 * and in the MDC of their handlers with Spring Boot's {@code spring.reactor.context-propagation=auto} when Micrometer's
 * context-propagation is on the classpath. Every problem names it as {@code requestId}.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "tessera.http.request-id.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestIdProperties.class)
public final class RequestIdAutoConfiguration {

    /** First of all, so that even the passport filter's refusals are logged and answered with the id. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

    RequestIdAutoConfiguration() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletRequestIdConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraRequestIdFilter")
        FilterRegistrationBean<RequestIdFilter> tesseraRequestIdFilter() {
            FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
            registration.setOrder(FILTER_ORDER);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class ReactiveRequestIdConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RequestIdWebFilter tesseraRequestIdWebFilter() {
            return new RequestIdWebFilter();
        }

        @Bean
        @ConditionalOnClass(name = "io.micrometer.context.ContextRegistry")
        SmartInitializingSingleton tesseraReactiveLoggingContext() {
            return ReactiveLoggingContext::register;
        }
    }
}
