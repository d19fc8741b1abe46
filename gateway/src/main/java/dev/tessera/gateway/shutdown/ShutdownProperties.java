package dev.tessera.gateway.shutdown;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the gateway does on SIGTERM before it stops taking requests ({@code tessera.gateway.shutdown.*}).
 *
 * @param drainDelay how long the gateway keeps serving after its readiness turned to {@code REFUSING_TRAFFIC} and
 *     before the web server's graceful shutdown stops accepting connections
 *     ({@code TESSERA_GATEWAY_SHUTDOWN_DRAIN_DELAY}); long enough for the load balancer in front to take it out of
 *     rotation. Default 3 s; 0 turns the drain off
 */
@ConfigurationProperties("tessera.gateway.shutdown")
record ShutdownProperties(@DefaultValue("3s") Duration drainDelay) {

    ShutdownProperties {
        if (drainDelay.isNegative()) {
            throw new IllegalArgumentException("tessera.gateway.shutdown.drain-delay must not be negative");
        }
    }
}
