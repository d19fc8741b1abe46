package dev.tessera.gateway.logging;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessLogProperties.class)
class LoggingConfiguration {

    @Bean
    AccessLogFilter accessLogFilter(AccessLogProperties properties) {
        return new AccessLogFilter(properties.enabled());
    }
}
