package dev.tessera.auth.throttle;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ThrottleProperties.class, RegistrationLimitProperties.class, MailLimitProperties.class})
class ThrottleConfiguration {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

    @Bean
    SchedulingConfigurer throttlePurgeSchedule(LoginThrottle throttle) {
        return registrar -> registrar.addFixedDelayTask(throttle::purgeStale, PURGE_INTERVAL);
    }

    @Bean
    SchedulingConfigurer registrationLimitPurgeSchedule(RegistrationLimit limit) {
        return registrar -> registrar.addFixedDelayTask(limit::purgeFull, PURGE_INTERVAL);
    }

    @Bean
    SchedulingConfigurer mailLimitPurgeSchedule(MailLimit limit) {
        return registrar -> registrar.addFixedDelayTask(limit::purgeFull, PURGE_INTERVAL);
    }
}
