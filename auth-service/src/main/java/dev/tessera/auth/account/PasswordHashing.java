package dev.tessera.auth.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing behind a bulkhead. Hashes are argon2id with OWASP's parameters (m=19 MiB, t=2,
 * p=1, 16-byte salt, 32-byte hash) in a {@link DelegatingPasswordEncoder}, so hashes of an older
 * algorithm (bcrypt) or weaker parameters are recognized and re-hashed at the next successful login.
 * At most {@code maxConcurrent} hashes run at once; a request that cannot get a slot within the
 * acquire timeout gets {@link HashingBusyException} (503) instead of piling up memory and CPU.
 *
 * <p>Each hash is measured as it runs in the service: {@code tessera.auth.password.hash} (a timer, wall time inside
 * the slot) and {@code tessera.auth.password.hash.cpu} (seconds of the hashing thread's own CPU). The hash is most
 * of a login's cost, so these say what the service's login capacity is (cores ÷ CPU per hash) and whether hashing
 * runs slower here than a bare hash does (benchmarks/accounts compares the two).
 */
@Component
class PasswordHashing {

    static final String CURRENT_ID = "argon2";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final PasswordEncoder encoder;

    private final Semaphore slots;

    private final long acquireTimeoutNanos;

    private final String dummyHash;

    private final Timer hashTime;

    private final Counter hashCpu;

    @Autowired
    PasswordHashing(HashingProperties properties, MeterRegistry meters) {
        this(properties, defaultEncoder(properties.effectiveMaxConcurrent()), meters);
    }

    PasswordHashing(HashingProperties properties, PasswordEncoder encoder, MeterRegistry meters) {
        this.encoder = encoder;
        this.hashTime = Timer.builder("tessera.auth.password.hash")
                .description("Password hashes and verifications, wall time inside a hashing slot")
                .register(meters);
        this.hashCpu = Counter.builder("tessera.auth.password.hash.cpu")
                .description("CPU of the hashing threads while hashing")
                .baseUnit("seconds")
                .register(meters);
        this.slots = new Semaphore(properties.effectiveMaxConcurrent(), true);
        this.acquireTimeoutNanos = properties.acquireTimeout().toNanos();
        // Verified for unknown usernames so they take as long as a wrong password.
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = encoder.encode(Base64.getEncoder().encodeToString(random));
    }

    /**
     * The encoder for new hashes and every stored kind. Argon2 is {@link Argon2idPasswordEncoder} (the
     * same hash strings and generator as Spring's {@code Argon2PasswordEncoder}), whose block pool keeps
     * the 19 MiB of blocks of one hash per hashing slot instead of allocating them per hash.
     */
    static PasswordEncoder defaultEncoder(int concurrentHashes) {
        Argon2idPasswordEncoder argon2 = new Argon2idPasswordEncoder(16, 32, 1, 19456, 2, concurrentHashes);
        DelegatingPasswordEncoder delegating = new DelegatingPasswordEncoder(
                CURRENT_ID, Map.of(CURRENT_ID, argon2, "bcrypt", new BCryptPasswordEncoder()));
        return delegating;
    }

    String hash(String normalizedPassword) {
        return guarded(() -> this.encoder.encode(normalizedPassword));
    }

    boolean matches(String normalizedPassword, String storedHash) {
        return guarded(() -> this.encoder.matches(normalizedPassword, storedHash));
    }

    /** Verifies against a hash of a random password: same cost as a real check, never true. */
    void burnDummy(String normalizedPassword) {
        matches(normalizedPassword, this.dummyHash);
    }

    boolean needsUpgrade(String storedHash) {
        return this.encoder.upgradeEncoding(storedHash);
    }

    private <T> T guarded(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = this.slots.tryAcquire(this.acquireTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        }
        if (!acquired) {
            throw new HashingBusyException();
        }
        long cpuStarted = threadCpuNanos();
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            this.hashTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            long cpu = threadCpuNanos();
            if (cpuStarted >= 0 && cpu >= cpuStarted) {
                this.hashCpu.increment((cpu - cpuStarted) / 1e9);
            }
            this.slots.release();
        }
    }

    /** This thread's CPU time in nanoseconds, or -1 where the JVM cannot tell (HotSpot on Linux can). */
    private static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
