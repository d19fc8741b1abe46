package dev.tessera.forum;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The forum. Spring Boot's {@code /error} controller is left out: every error is a problem
 * document from {@code web.ProblemDetailsAdvice}, or, for what never reaches Spring, from {@code
 * web.ProblemErrorReportValve}; {@code /error} itself is then just an unknown path (404).
 */
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class)
@ConfigurationPropertiesScan
public class ForumApplication {

    public static void main(String[] args) {
        SpringApplication.run(ForumApplication.class, args);
    }

    /**
     * Ticks in microseconds, PostgreSQL's timestamp precision, so a time the service hands out is
     * exactly the time it reads back (keyset cursors compare them).
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
