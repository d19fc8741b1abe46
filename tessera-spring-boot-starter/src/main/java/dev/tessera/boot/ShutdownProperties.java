package dev.tessera.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a service does on SIGTERM before it stops taking requests ({@code tessera.shutdown.*}).
 *
 * @param drainDelay how long the service keeps serving after its readiness turned to {@code REFUSING_TRAFFIC}
 *     and before the web server's graceful shutdown stops accepting connections
 *     ({@code TESSERA_SHUTDOWN_DRAIN_DELAY}); long enough for a load balancer's health check to take the instance
 *     out of rotation (a few check intervals), far below {@code spring.lifecycle.timeout-per-shutdown-phase}.
 *     Default 3 s; 0 turns the drain off
 */
@ConfigurationProperties("tessera.shutdown")
record ShutdownProperties(@DefaultValue("3s") Duration drainDelay) {}
