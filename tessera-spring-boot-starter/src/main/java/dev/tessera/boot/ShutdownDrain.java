package dev.tessera.boot;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Drain on shutdown: when the application context starts to close (SIGTERM), readiness turns to
 * {@code REFUSING_TRAFFIC} first, then the service goes on serving for the drain delay, and only then does
 * shutdown proceed (the web server's graceful shutdown: no new connections, in-flight requests finish).
 *
 * <p>Why: a load balancer learns that an instance is leaving only from its readiness check, which runs every few
 * hundred milliseconds at best. Without the delay the server stops accepting at once and every request the
 * balancer sends before its next check fails or has to be retried; with it the balancer takes the instance out of
 * rotation while it still answers (Kubernetes' {@code preStop} sleep does the same from outside).
 *
 * <p>It runs on {@link ContextClosedEvent}, which Spring publishes before any lifecycle bean stops: during the
 * delay everything still runs (web server, schedulers, executors, connection pools), not only what a later
 * lifecycle phase would leave. Events of other contexts (actuator's management child context) are ignored.
 */
final class ShutdownDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationContext context;

    private final Duration delay;

    ShutdownDrain(ApplicationContext context, Duration delay) {
        this.context = context;
        this.delay = delay;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
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

    /** Before other listeners of the close (schedulers that cancel their tasks, for one). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "ShutdownDrain[delay=" + this.delay + "]";
    }
}
