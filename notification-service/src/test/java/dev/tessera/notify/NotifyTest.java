package dev.tessera.notify;

import dev.tessera.testsupport.PostgresR2dbcTestConfiguration;
import dev.tessera.testsupport.TestIssuer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole notification-service on a random port against a fresh PostgreSQL database, trusting {@link
 * NotifyClient#ISSUER}'s keys for machine tokens. Every test class uses exactly this, so they share one context:
 * tests use fresh user and thread ids and never assume an empty table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.passport.secrets=" + NotifyClient.PASSPORT_KEY,
            "tessera.service-token.issuer=" + TestIssuer.ISSUER
        })
@ContextConfiguration(initializers = NotifyTest.Issuer.class)
@Import(PostgresR2dbcTestConfiguration.class)
public @interface NotifyTest {

    /** Points the context at the tests' issuer (its port is known only at run time). */
    class Issuer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("tessera.service-token.jwks-uri=" + NotifyClient.ISSUER.jwksUri())
                    .applyTo(context);
        }
    }
}
