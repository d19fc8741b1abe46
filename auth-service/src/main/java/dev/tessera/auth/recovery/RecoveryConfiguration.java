package dev.tessera.auth.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecoveryProperties.class)
class RecoveryConfiguration {

    @Bean
    SchedulingConfigurer recoveryTokenPurgeSchedule(RecoveryTokens tokens) {
        return registrar -> registrar.addFixedDelayTask(tokens::purgeEnded, Duration.ofMinutes(10));
    }
}
