package dev.tessera.benchmarks;

import dev.tessera.passport.Passport;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-request microbenchmarks share: JMH's settings, which a subclass inherits (one benchmark state, the
 * average time in microseconds, 3 × 2 s warm-up, 5 × 2 s measured, one fork), and the set-up pieces several of
 * them need.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class BenchmarkFixture {

    protected BenchmarkFixture() {}

    /** A fresh passport secret: 32 random bytes, base64, as {@code tessera.passport.secrets} takes it. */
    protected static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** A signed-in caller, {@code ada} with role {@code USER}, with fresh user, session and token ids. */
    protected static Passport randomCaller() {
        return Passport.caller(
                UUID.randomUUID().toString(),
                "ada",
                Set.of("USER"),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
    }
}
