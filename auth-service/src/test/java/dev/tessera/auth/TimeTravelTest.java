package dev.tessera.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Like {@link AuthServiceTest}, but the service's {@code java.time.Clock} is a {@link MutableClock} that tests move
 * forward instead of sleeping. One shared context for all such classes; time only moves forward, so
 * tests here must not depend on the absolute time another test left behind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthServiceTest
@Import(TimeTravelTest.ClockConfiguration.class)
public @interface TimeTravelTest {

    @TestConfiguration(proxyBeanMethods = false)
    class ClockConfiguration {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }
}
