package dev.tessera.forum;

import dev.tessera.testsupport.PostgresTestConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole forum on a random port against a fresh PostgreSQL database. Every test class uses
 * exactly this configuration, so they all share one application context (and one database):
 * tests therefore create their own threads and never assume an empty table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "tessera.passport.secrets=" + ForumClient.SECRET})
@Import(PostgresTestConfiguration.class)
public @interface ForumTest {}
