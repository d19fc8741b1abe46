package dev.tessera.gateway.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on client connections at the public port ({@code tessera.gateway.connections.*}), so slow or many
 * connections from one place cannot hold the gateway (issue 13, item 1).
 *
 * @param headerReadTimeout the longest a request head may take from its first byte to its end; then the
 *     connection is closed (a client dribbling a head a byte at a time is not an idle one)
 * @param bodyReadTimeout the longest a request body may take from the end of its head to its last byte; then the
 *     connection is closed (a body dribbled a byte at a time would otherwise hold the connection as long as the
 *     client likes: the idle timeout does not run while a request is in progress)
 * @param idleTimeout the longest a connection may stay open with no request in progress (before the first
 *     request and between keep-alive requests)
 * @param maxPerAddress the most open connections from one client address; further ones are closed at once.
 *     Peers in {@code tessera.gateway.trusted-proxies} are exempt: behind a load balancer every connection comes
 *     from it
 */
@ConfigurationProperties("tessera.gateway.connections")
public record ConnectionProperties(
        @DefaultValue("10s") Duration headerReadTimeout,
        @DefaultValue("30s") Duration bodyReadTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("64") int maxPerAddress) {

    public ConnectionProperties {
        if (headerReadTimeout.isNegative()
                || headerReadTimeout.isZero()
                || bodyReadTimeout.isNegative()
                || bodyReadTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.connections timeouts must be positive");
        }
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("tessera.gateway.connections.max-per-address must be at least 1");
        }
    }
}
