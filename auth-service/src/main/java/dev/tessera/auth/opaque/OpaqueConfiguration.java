package dev.tessera.auth.opaque;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpaqueProperties.class)
class OpaqueConfiguration {

    @Bean
    SchedulingConfigurer opaqueSessionCleanupSchedule(OpaqueSessions sessions, OpaqueProperties properties) {
        return registrar -> registrar.addFixedDelayTask(sessions::cleanUp, properties.cleanupInterval());
    }
}
