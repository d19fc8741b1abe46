package dev.tessera.auth.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.validation.annotation.Validated;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditConfiguration.AuditProperties.class)
class AuditConfiguration {

    @Bean
    SchedulingConfigurer auditPurgeSchedule(AuditLog audit, AuditProperties properties, Clock clock) {
        return registrar -> registrar.addFixedDelayTask(
                () -> audit.purgeBefore(clock.instant().minus(properties.retention())), Duration.ofHours(1));
    }

    /**
     * The audit log ({@code tessera.auth.audit}).
     *
     * @param retention how long events are kept (default 90 days); failed logins from an attack would
     *     otherwise grow the table without bound
     */
    @Validated
    @ConfigurationProperties("tessera.auth.audit")
    record AuditProperties(@NotNull @DefaultValue("90d") Duration retention) {}
}
