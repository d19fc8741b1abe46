package dev.tessera.gateway.shutdown;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Drain on shutdown, as the downstream kit does it for the services (the gateway does not use the kit): when the
 * context starts to close, readiness turns to {@code REFUSING_TRAFFIC} first, the gateway serves on for the drain
 * delay so that the load balancer's readiness check takes it out of rotation while it still answers, and only then
 * does Netty's graceful shutdown stop accepting connections. {@link ContextClosedEvent} comes before any lifecycle
 * bean stops, so during the delay everything still runs (the revocation feed and the JWKS cache included).
 */
@Component
final class ShutdownDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationContext context;

    private final Duration delay;

    ShutdownDrain(ApplicationContext context, ShutdownProperties properties) {
        this.context = context;
        this.delay = properties.drainDelay();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // The management child context's close reaches this listener too: drain once, for the gateway itself.
        if (event.getApplicationContext() != this.context || this.delay.isZero() || this.delay.isNegative()) {
            return;
        }
        AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
        log.info("Readiness is REFUSING_TRAFFIC; serving for {} ms more before shutdown", this.delay.toMillis());
        try {
            Thread.sleep(this.delay.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
