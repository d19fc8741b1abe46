package dev.tessera.auth.device;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeviceProperties.class)
class DeviceConfiguration {

    /** Expired devices are harmless (never recognised); deleting them hourly only keeps the table small. */
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    @Bean
    SchedulingConfigurer knownDevicePurgeSchedule(KnownDevices devices) {
        return registrar -> registrar.addFixedDelayTask(devices::purgeExpired, PURGE_INTERVAL);
    }
}
