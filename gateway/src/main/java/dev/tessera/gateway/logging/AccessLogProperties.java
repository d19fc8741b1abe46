package dev.tessera.gateway.logging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's access log: one line per request on the public port.
 *
 * @param enabled whether the line is written ({@code TESSERA_GATEWAY_ACCESS_LOG_ENABLED}); the logger
 *     {@code dev.tessera.gateway.access} can also be silenced like any other
 */
@ConfigurationProperties("tessera.gateway.access-log")
record AccessLogProperties(@DefaultValue("true") boolean enabled) {}
