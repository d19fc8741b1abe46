package dev.tessera.gateway.edge;

import java.time.Duration;
import reactor.netty.resources.ConnectionProvider;

/**
 * Connection pools for the gateway's own calls to upstreams (auth-service's session and introspection endpoints),
 * with the same idle limit as the proxied routes' pool ({@code spring.cloud.gateway.server.webflux.httpclient.pool}):
 * a connection idle longer than its upstream keeps it open must never be reused, or a request written just as the
 * upstream closes it is lost.
 */
public final class UpstreamConnections {

    /** Below auth-service's keep-alive timeout (5 s). */
    public static final Duration MAX_IDLE_TIME = Duration.ofSeconds(2);

    private UpstreamConnections() {}

    /**
     * A new pool.
     *
     * @param name the pool's name in metrics and logs
     * @return a pool that drops connections idle longer than {@link #MAX_IDLE_TIME}
     */
    public static ConnectionProvider pool(String name) {
        return ConnectionProvider.builder(name)
                .maxIdleTime(MAX_IDLE_TIME)
                .evictInBackground(Duration.ofSeconds(1))
                .build();
    }
}
