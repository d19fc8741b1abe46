package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import reactor.core.publisher.Mono;

class ProblemAutoConfigurationTests {

    @Test
    void servletApplicationWhenStartedThenAdviceErrorControllerAndValveInsteadOfSpringBootsOwn() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ProblemAutoConfiguration.class,
                        org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
                        ErrorMvcAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(ServletProblemAdvice.class);
                    assertThat(context).getBean(ErrorController.class).isInstanceOf(ProblemErrorController.class);
                    assertThat(context).hasBean("tesseraProblemErrorReportValve");
                    assertThat(context).doesNotHaveBean(ReactiveProblemAdvice.class);
                });
    }

    @Test
    void reactiveApplicationWhenStartedThenAdviceAndErrorHandlerInsteadOfSpringBootsOwn() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ProblemAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class))
                .withBean(
                        org.springframework.http.codec.ServerCodecConfigurer.class,
                        org.springframework.http.codec.ServerCodecConfigurer::create)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveProblemAdvice.class);
                    assertThat(context)
                            .getBean(ErrorWebExceptionHandler.class)
                            .isInstanceOf(ProblemWebExceptionHandler.class);
                    assertThat(context).doesNotHaveBean(ServletProblemAdvice.class);
                });
    }

    @Test
    void servletApplicationWhenItDefinesItsOwnAdviceAndErrorControllerThenKitBacksOff() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProblemAutoConfiguration.class))
                .withUserConfiguration(OwnServletProblems.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ServletProblemAdvice.class);
                    assertThat(context).doesNotHaveBean(ProblemErrorController.class);
                    assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class);
                });
    }

    @Test
    void reactiveApplicationWhenItDefinesItsOwnErrorHandlerThenKitBacksOff() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProblemAutoConfiguration.class))
                .withBean(ErrorWebExceptionHandler.class, () -> (exchange, ex) -> Mono.empty())
                .run(context -> assertThat(context)
                        .hasSingleBean(ErrorWebExceptionHandler.class)
                        .doesNotHaveBean(ProblemWebExceptionHandler.class));
    }

    @Test
    void nonWebApplicationWhenStartedThenNothing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProblemAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ServletProblemAdvice.class)
                        .doesNotHaveBean(ReactiveProblemAdvice.class));
    }

    @ControllerAdvice
    static class OwnAdvice extends ResponseEntityExceptionHandler {}

    @Configuration(proxyBeanMethods = false)
    static class OwnServletProblems {

        @Bean
        OwnAdvice ownAdvice() {
            return new OwnAdvice();
        }

        @Bean
        ErrorController ownErrorController() {
            return new ErrorController() {};
        }
    }
}
