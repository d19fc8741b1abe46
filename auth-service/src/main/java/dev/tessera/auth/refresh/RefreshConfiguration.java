package dev.tessera.auth.refresh;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RefreshProperties.class)
class RefreshConfiguration {

    @Bean
    SchedulingConfigurer refreshCleanupSchedule(RefreshTokenService service, RefreshProperties properties) {
        return registrar -> registrar.addFixedDelayTask(service::cleanUp, properties.cleanupInterval());
    }
}
