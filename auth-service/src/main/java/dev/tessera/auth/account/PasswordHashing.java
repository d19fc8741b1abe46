package dev.tessera.auth.account;

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
 */
@Component
class PasswordHashing {

    static final String CURRENT_ID = "argon2";

    private final PasswordEncoder encoder;

    private final Semaphore slots;

    private final long acquireTimeoutNanos;

    private final String dummyHash;

    @Autowired
    PasswordHashing(HashingProperties properties) {
        this(properties, defaultEncoder(properties.effectiveMaxConcurrent()));
    }

    PasswordHashing(HashingProperties properties, PasswordEncoder encoder) {
        this.encoder = encoder;
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
        try {
            return work.get();
        } finally {
            this.slots.release();
        }
    }
}
