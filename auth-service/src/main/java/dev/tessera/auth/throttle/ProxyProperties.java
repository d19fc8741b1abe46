package dev.tessera.auth.throttle;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tessera.auth.trusted-proxies}: CIDRs of the proxies (the gateway) whose {@code
 * X-Forwarded-For} is believed. Default: loopback only.
 */
@Validated
@ConfigurationProperties("tessera.auth")
record ProxyProperties(
        @NotNull @DefaultValue({"127.0.0.1/32", "::1/128"}) List<String> trustedProxies) {}
