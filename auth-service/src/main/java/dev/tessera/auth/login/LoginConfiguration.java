package dev.tessera.auth.login;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
class LoginConfiguration {

    /** Expired challenges are harmless (never live); deleting them only keeps the table small. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(15);

    @Bean
    SchedulingConfigurer loginChallengePurgeSchedule(LoginChallenges challenges) {
        return registrar -> registrar.addFixedDelayTask(challenges::purgeExpired, PURGE_INTERVAL);
    }
}
