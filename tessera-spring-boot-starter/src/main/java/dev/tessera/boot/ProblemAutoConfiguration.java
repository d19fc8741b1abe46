package dev.tessera.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * One RFC 9457 problem contract for every error, in Spring MVC and WebFlux: {@code application/problem+json} with
 * the real status (400, 401, 403, 404, 405, 406, 413, 415, 429, 500, 503, ...), {@code type} {@value
 * ProblemException#TYPE_PREFIX}{@code <slug>}, fixed generic texts for framework errors, the {@code requestId}
 * member, never an {@code instance} or the request path, never a stack trace. Services throw {@link
 * ProblemException} subclasses for their own errors.
 *
 * <p>Servlet: a controller advice (backs off when the application defines a {@code ResponseEntityExceptionHandler}),
 * an {@link ErrorController} for errors outside Spring MVC, and Tomcat's error valve for what never reaches Spring.
 * Reactive: a controller advice and an {@link ErrorWebExceptionHandler} for errors outside the handlers. Each backs
 * off when the application defines its own bean of that type.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration"
        })
@ConditionalOnWebApplication
public final class ProblemAutoConfiguration {

    ProblemAutoConfiguration() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class ServletProblemConfiguration {

        @Bean
        @ConditionalOnMissingBean(
                org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler.class)
        ServletProblemAdvice tesseraProblemAdvice() {
            return new ServletProblemAdvice();
        }

        @Bean
        @ConditionalOnMissingBean(ErrorController.class)
        ProblemErrorController tesseraProblemErrorController() {
            return new ProblemErrorController();
        }

        @Bean
        WebMvcConfigurer tesseraProblemWebMvcConfigurer() {
            return new WebMvcConfigurer() {
                @Override
                public void addErrorResponseInterceptors(List<ErrorResponse.Interceptor> interceptors) {
                    interceptors.add(ProblemResponseInterceptor.servlet());
                }
            };
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
        static class TomcatProblemConfiguration {

            /** Ordered last, so it runs after Spring Boot's customizer has added its own valve. */
            @Bean
            @Order(Ordered.LOWEST_PRECEDENCE)
            @ConditionalOnMissingBean(name = "tesseraProblemErrorReportValve")
            WebServerFactoryCustomizer<TomcatServletWebServerFactory> tesseraProblemErrorReportValve() {
                return factory -> factory.addContextCustomizers(context ->
                        ProblemErrorReportValve.install(context.getParent().getPipeline(), context.getParent()));
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFluxConfigurer.class)
    static class ReactiveProblemConfiguration {

        @Bean
        @ConditionalOnMissingBean(
                org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler.class)
        ReactiveProblemAdvice tesseraReactiveProblemAdvice() {
            return new ReactiveProblemAdvice();
        }

        @Bean
        @ConditionalOnMissingBean(ErrorWebExceptionHandler.class)
        ProblemWebExceptionHandler tesseraProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
            return new ProblemWebExceptionHandler(codecs);
        }

        @Bean
        WebFluxConfigurer tesseraProblemWebFluxConfigurer() {
            return new WebFluxConfigurer() {
                @Override
                public void addErrorResponseInterceptors(List<ErrorResponse.Interceptor> interceptors) {
                    interceptors.add(ProblemResponseInterceptor.reactive());
                }
            };
        }
    }
}
