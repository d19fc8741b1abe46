package dev.tessera.forum;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The forum. Its HTTP plumbing (passport, request id, security headers, body limit, strict JSON, the
 * problem contract) comes from {@code tessera-spring-boot-starter}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ForumApplication {

    public static void main(String[] args) {
        // Validate every pooled connection when it is borrowed (Hikari skips that for connections used within
        // the last 500 ms): after PostgreSQL drops connections (restart, failover, pg_terminate_backend) the
        // next requests get a fresh connection instead of a 503. One round trip (~0.1 ms) per borrow.
        if (System.getProperty("com.zaxxer.hikari.aliveBypassWindowMs") == null) {
            System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
        }
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
