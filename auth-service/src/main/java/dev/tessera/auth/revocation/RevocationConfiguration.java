package dev.tessera.auth.revocation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RevocationProperties.class)
class RevocationConfiguration {

    @Bean
    SchedulingConfigurer revocationPurgeSchedule(Revocations revocations, RevocationProperties properties) {
        return registrar -> registrar.addFixedDelayTask(revocations::purge, properties.purgeInterval());
    }
}
