package dev.tessera.auth.account;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HashingProperties.class, AdminProperties.class, PasswordProperties.class})
class AccountConfiguration {}
