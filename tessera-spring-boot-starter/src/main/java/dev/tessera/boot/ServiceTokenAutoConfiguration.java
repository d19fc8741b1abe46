package dev.tessera.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Machine tokens for service-to-service calls ({@link ServiceTokenProperties}), switched on by {@code
 * tessera.service-token.jwks-uri}: a filter on the machine-token paths (servlet or reactive) that requires a valid
 * token before any handler, and {@link ServiceCaller} controller parameters. The passport filters leave those paths
 * alone.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnProperty("tessera.service-token.jwks-uri")
@EnableConfigurationProperties(ServiceTokenProperties.class)
public final class ServiceTokenAutoConfiguration {

    ServiceTokenAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    ServiceTokenVerifier tesseraServiceTokenVerifier(ServiceTokenProperties properties, Environment environment) {
        String audience =
                (properties.audience() != null && !properties.audience().isBlank())
                        ? properties.audience()
                        : environment.getProperty("tessera.passport.audience");
        if (audience == null || audience.isBlank()) {
            throw new IllegalStateException(
                    "tessera.service-token.audience (or tessera.passport.audience) is required for service tokens");
        }
        return new ServiceTokenVerifier(properties, audience);
    }

    @Bean
    ServiceTokenPaths tesseraServiceTokenPaths(ServiceTokenProperties properties) {
        return new ServiceTokenPaths(properties.paths());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class ServletServiceTokenConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tesseraServiceTokenFilter")
        FilterRegistrationBean<ServiceTokenFilter> tesseraServiceTokenFilter(
                ServiceTokenVerifier verifier, ServiceTokenPaths paths) {
            FilterRegistrationBean<ServiceTokenFilter> registration =
                    new FilterRegistrationBean<>(new ServiceTokenFilter(verifier, paths));
            registration.setOrder(PassportAutoConfiguration.FILTER_ORDER);
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean
        WebMvcConfigurer tesseraServiceCallerWebMvcConfigurer() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new ServiceCallerArgumentResolvers.Servlet());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFluxConfigurer.class)
    static class ReactiveServiceTokenConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ServiceTokenWebFilter tesseraServiceTokenWebFilter(ServiceTokenVerifier verifier, ServiceTokenPaths paths) {
            return new ServiceTokenWebFilter(verifier, paths);
        }

        @Bean
        WebFluxConfigurer tesseraServiceCallerWebFluxConfigurer() {
            return new WebFluxConfigurer() {
                @Override
                public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                    configurer.addCustomResolver(new ServiceCallerArgumentResolvers.Reactive());
                }
            };
        }
    }
}
