package dev.tessera.e2e;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Decides how long to wait for a process that is starting: as long as it is working, up to a hard limit.
 *
 * <p>A fixed start-up timeout cannot tell a hung process from a starved one. On a busy 2-core machine (two end-to-end
 * lanes, eight JVMs of a replicated system starting next to the shared system's four) a service that is ready in
 * 15 s alone once took over 150 s, and the run failed although nothing was wrong with it. So the watch reads the
 * process's CPU time (from {@code /proc} through {@link ProcessHandle.Info#totalCpuDuration()}): a process that is
 * still using CPU is starting, however slowly; one that has used almost none for {@link #STALL_WINDOW} is stuck (a
 * deadlock, a lock it waits for, a peer it cannot reach) and fails early, with its CPU time and the machine's load in
 * the message. {@link #LIMIT} bounds the wait either way.
 */
final class StartupWatch {

    /** However busy the machine, a start-up that takes longer than this is a defect. */
    static final Duration LIMIT = Duration.ofMinutes(6);

    /** A process that used less than {@link #STALL_CPU} of CPU over this long is not starting. */
    static final Duration STALL_WINDOW = Duration.ofSeconds(60);

    /** A JVM that starts uses seconds of CPU a minute even when starved; an idle one waiting uses far less. */
    static final Duration STALL_CPU = Duration.ofMillis(500);

    private final String name;

    private final ProcessHandle process;

    private final long started = System.nanoTime();

    /** (nanoTime, CPU nanos) samples over the last {@link #STALL_WINDOW}. */
    private final Deque<long[]> samples = new ArrayDeque<>();

    StartupWatch(String name, ProcessHandle process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Throws when the process should have been ready by now: it has used almost no CPU for {@link #STALL_WINDOW},
     * or {@link #LIMIT} has passed. Call it between readiness checks.
     */
    void check(String where) {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        this.samples.addLast(new long[] {now, cpu});
        while (this.samples.size() > 1 && now - this.samples.peekFirst()[0] > STALL_WINDOW.toNanos()) {
            this.samples.removeFirst();
        }
        long elapsed = now - this.started;
        if (elapsed > LIMIT.toNanos()) {
            throw new IllegalStateException(describe("not ready within " + LIMIT.toSeconds() + " s", cpu, where));
        }
        long[] oldest = this.samples.peekFirst();
        boolean fullWindow = now - oldest[0]
                >= STALL_WINDOW.toNanos() - Duration.ofSeconds(1).toNanos();
        if (cpu >= 0 && fullWindow && cpu - oldest[1] < STALL_CPU.toNanos()) {
            throw new IllegalStateException(describe(
                    "not ready after " + elapsed / 1_000_000_000 + " s and stuck: less than " + STALL_CPU.toMillis()
                            + " ms of CPU in the last " + STALL_WINDOW.toSeconds() + " s",
                    cpu,
                    where));
        }
    }

    /** The name, the time since the process started and its CPU time so far, in one line. */
    String progress() {
        double seconds = this.process
                .info()
                .startInstant()
                .map(start -> Duration.between(start, java.time.Instant.now()).toMillis() / 1e3)
                .orElse(-1.0);
        return String.format(
                Locale.ROOT, "%s ready %.1f s after its start, %.1f s of CPU", this.name, seconds, cpuNanos() / 1e9);
    }

    private String describe(String what, long cpu, String where) {
        return String.format(
                Locale.ROOT,
                "%s %s (%.1f s of CPU in all; load average %.2f); see %s",
                this.name,
                what,
                cpu / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                where);
    }

    /** The process's CPU time so far, or -1 where the platform does not say (then only {@link #LIMIT} applies). */
    private long cpuNanos() {
        return this.process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
