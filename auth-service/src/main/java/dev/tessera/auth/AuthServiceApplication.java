package dev.tessera.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** auth-service: the only Tessera component that sees passwords and signs access tokens. */
@SpringBootApplication
@EnableScheduling
public class AuthServiceApplication {

    public static void main(String[] args) {
        // Validate every pooled connection when it is borrowed (Hikari skips that for connections used within
        // the last 500 ms): after PostgreSQL drops connections (restart, failover, pg_terminate_backend) the
        // next requests get a fresh connection instead of a 503. One round trip (~0.1 ms) per borrow.
        if (System.getProperty("com.zaxxer.hikari.aliveBypassWindowMs") == null) {
            System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
        }
        SpringApplication.run(AuthServiceApplication.class, args);
    }
}
