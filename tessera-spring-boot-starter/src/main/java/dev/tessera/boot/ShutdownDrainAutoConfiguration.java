package dev.tessera.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Drain on shutdown ({@link ShutdownDrain}, {@code tessera.shutdown.drain-delay}) for servlet and reactive
 * services alike: readiness turns false first, the service serves on for the delay, then shuts down gracefully.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@EnableConfigurationProperties(ShutdownProperties.class)
public final class ShutdownDrainAutoConfiguration {

    ShutdownDrainAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    ShutdownDrain tesseraShutdownDrain(ApplicationContext context, ShutdownProperties properties) {
        return new ShutdownDrain(context, properties.drainDelay());
    }
}
