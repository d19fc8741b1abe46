package dev.tessera.gateway.feed;

import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.passport.Passport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document of auth-service's that the gateway polls on a thread of its own ({@code /internal/revocations}, {@code
 * /internal/roles}: docs/contracts.md "Internal calls"), asking with the internal passport only auth-service accepts.
 * What every such feed does alike lives here: the schedule (the poll interval while auth-service answers; while it
 * fails, doubling up to {@code max-backoff}, but the plain interval until the first success, so that a gateway
 * starting next to auth-service gets the document as soon as it answers), the warnings, and the counters its metrics
 * and health read. A subclass says what one poll is; requests never wait for it.
 */
public abstract class InternalFeed implements AutoCloseable {

    /**
     * How often and how patiently a feed polls.
     *
     * @param pollInterval time between polls while the document answers
     * @param maxBackoff longest wait between polls while it fails
     * @param timeout connect and read timeout of one poll
     */
    public record Schedule(Duration pollInterval, Duration maxBackoff, Duration timeout) {}

    private final Logger logger = LoggerFactory.getLogger(getClass());

    private final String name;
    private final URI uri;
    private final PassportSigners signers;
    private final Schedule schedule;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Instant startedAt;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;

    /**
     * @param name what is polled, for the thread's name and the warnings (e.g. {@code revocation-feed})
     * @param uri the document
     */
    protected InternalFeed(String name, URI uri, PassportSigners signers, Schedule schedule, Clock clock) {
        this.name = name;
        this.uri = uri;
        this.signers = signers;
        this.schedule = schedule;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.http = HttpClient.newBuilder()
                .connectTimeout(schedule.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * One poll. It calls {@link #succeeded()} once the answer is in force, and throws for any failure.
     *
     * @return {@code true} when more follows at once (a feed read in pages), else {@code false}
     */
    protected abstract boolean poll() throws Exception;

    /** What stays in force while the document cannot be read, for the warning (e.g. "keeping the last state"). */
    protected abstract String whileFailing();

    public void start() {
        scheduler.execute(this::pollAndReschedule);
    }

    private void pollAndReschedule() {
        Duration delay;
        try {
            delay = poll() ? Duration.ZERO : schedule.pollInterval();
        } catch (Exception ex) {
            int failed = ++consecutiveFailures;
            failures.incrementAndGet();
            if (failed == 1 || failed % 30 == 0) {
                logger.warn(
                        "{} at {} failed ({}, {} in a row); {}",
                        name,
                        uri,
                        ex.getClass().getSimpleName(),
                        failed,
                        whileFailing());
            }
            delay = (lastSuccess == null) ? schedule.pollInterval() : backoff(failed);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::pollAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration backoff(int failed) {
        Duration delay = schedule.pollInterval();
        for (int i = 1; i < failed && delay.compareTo(schedule.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return (delay.compareTo(schedule.maxBackoff()) > 0) ? schedule.maxBackoff() : delay;
    }

    /**
     * A GET of {@code target} (the document, or one page of it) as the gateway's service caller: the internal
     * passport bound to the document's path, JSON accepted, the schedule's timeout.
     */
    protected final HttpRequest.Builder request(URI target) {
        String passport = signers.signInternal(
                Passport.caller("service:gateway", "gateway", Set.of("SERVICE"), null, null),
                "GET",
                uri.getRawPath(),
                null);
        return HttpRequest.newBuilder(target)
                .timeout(schedule.timeout())
                .header("Accept", "application/json")
                .header("X-Tessera-Passport", passport)
                .GET();
    }

    protected final HttpClient http() {
        return http;
    }

    protected final URI uri() {
        return uri;
    }

    protected final Clock clock() {
        return clock;
    }

    /** Records an answer put in force: the failures in a row end, the staleness starts again. */
    protected final void succeeded() {
        lastSuccess = clock.instant();
        consecutiveFailures = 0;
        successes.incrementAndGet();
    }

    /** Time since the last successful poll (since start-up while none succeeded). */
    public Duration staleness() {
        Instant last = lastSuccess;
        return Duration.between((last != null) ? last : startedAt, clock.instant());
    }

    /** The last successful poll, or {@code null} before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    public long successCount() {
        return successes.get();
    }

    public long failureCount() {
        return failures.get();
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
