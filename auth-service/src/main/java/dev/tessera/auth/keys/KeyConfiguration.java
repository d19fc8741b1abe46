package dev.tessera.auth.keys;

import dev.tessera.auth.posture.SecretsPosture;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeyProperties.class)
class KeyConfiguration {

    /** The posture check runs here, before anything can touch a sealed key. */
    @Bean
    SecretsPosture secretsPosture(Environment environment, KeyProperties properties) {
        return new SecretsPosture(environment, properties.encryptionKey(), properties.previousEncryptionKeys());
    }

    @Bean
    KeyEncryption keyEncryption(SecretsPosture posture) {
        return new KeyEncryption(posture.keyEncryptionKey(), posture.previousKeyEncryptionKeys());
    }

    @Bean
    SchedulingConfigurer keyRotationSchedule(KeyRotation rotation, KeyProperties properties) {
        return (ScheduledTaskRegistrar registrar) ->
                registrar.addFixedDelayTask(rotation::rotateIfDue, properties.checkInterval());
    }
}
