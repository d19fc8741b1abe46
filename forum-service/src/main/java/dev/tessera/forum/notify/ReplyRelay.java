package dev.tessera.forum.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Delivers reply events to notification-service with forum-service's own machine token. Each round claims due events
 * and posts them one by one:
 *
 * <ul>
 *   <li>2xx: delivered, forgotten (notification-service ignores a repeat, so a delivery whose answer was lost is
 *       harmless when it comes again);
 *   <li>401: the token was refused (expired early, keys rotated): forget it, try again soon with a new one;
 *   <li>another 4xx: notification-service will never take this event (a bug, not a fault): dropped, logged;
 *   <li>5xx, timeout, connection refused, no token from auth-service: tried again after a doubling delay (1 s up to
 *       {@code max-backoff}); after {@code max-age} the event is dropped, logged and counted.
 * </ul>
 *
 * The reply itself never depends on any of this: it committed with its event before.
 */
final class ReplyRelay {

    private static final Logger logger = LoggerFactory.getLogger(ReplyRelay.class);

    private final ReplyOutbox outbox;

    private final MachineToken token;

    private final RestClient notifications;

    private final NotificationProperties properties;

    private final Clock clock;

    private final MeterRegistry meters;

    ReplyRelay(
            ReplyOutbox outbox,
            MachineToken token,
            RestClient notifications,
            NotificationProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.token = token;
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(
            fixedDelayString = "${tessera.forum.notifications.poll-interval:1s}",
            initialDelayString = "${tessera.forum.notifications.poll-interval:1s}")
    void deliverDue() {
        for (ReplyOutbox.ReplyEvent event : outbox.claim(properties.batchSize())) {
            deliver(event);
        }
    }

    private void deliver(ReplyOutbox.ReplyEvent event) {
        String outcome;
        try {
            notifications
                    .post()
                    .uri("/internal/reply-events")
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(headers -> headers.setBearerAuth(token.current()))
                    .body(event.wire())
                    .retrieve()
                    .toBodilessEntity();
            outbox.remove(event.eventId());
            outcome = "delivered";
        } catch (RestClientResponseException ex) {
            outcome = refused(event, ex.getStatusCode());
        } catch (RuntimeException ex) {
            // Connection refused, timeout, or auth-service could not issue a token: a fault that passes.
            outcome = later(event, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        meters.counter("tessera.forum.notifications", "outcome", outcome).increment();
    }

    private String refused(ReplyOutbox.ReplyEvent event, HttpStatusCode status) {
        if (status.value() == 401) {
            token.forget();
            return later(event, "401");
        }
        if (status.is4xxClientError() && status.value() != 408 && status.value() != 429) {
            outbox.remove(event.eventId());
            logger.warn("Reply event {} dropped: notification-service answered {}", event.eventId(), status.value());
            return "dropped";
        }
        return later(event, Integer.toString(status.value()));
    }

    private String later(ReplyOutbox.ReplyEvent event, String why) {
        if (Duration.between(event.createdAt(), clock.instant()).compareTo(properties.maxAge()) > 0) {
            outbox.remove(event.eventId());
            logger.warn(
                    "Reply event {} dropped after {} attempts over {} ({})",
                    event.eventId(),
                    event.attempts(),
                    properties.maxAge(),
                    why);
            return "dropped";
        }
        outbox.retryAfter(event.eventId(), backoff(event.attempts()));
        if (event.attempts() == 1) {
            logger.info("Reply event {} not delivered yet ({}); trying again", event.eventId(), why);
        } else {
            logger.debug("Reply event {} not delivered ({}), attempt {}", event.eventId(), why, event.attempts());
        }
        return "retried";
    }

    /** 1 s, 2 s, 4 s, ... up to max-backoff. */
    Duration backoff(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = Duration.ofSeconds(1L << exponent);
        return (delay.compareTo(properties.maxBackoff()) > 0) ? properties.maxBackoff() : delay;
    }
}
