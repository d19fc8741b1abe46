package dev.tessera.auth.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One argon2id hash with auth-service's parameters (m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte tag; issue
 * 16): Bouncy Castle's {@code Argon2BytesGenerator} without a block pool (what Spring's
 * {@code Argon2PasswordEncoder} runs) against auth-service's {@link Argon2idPasswordEncoder}, the same
 * generator in reused memory (one {@code FixedBlockPool} for all hashes until issue 18, now each hash borrows
 * a whole earlier hash's blocks), sized like the service's bulkhead ({@link HashingProperties}: 2 × processors
 * hashes at once). Until issue 16 a third variant timed Tessera's
 * own implementation ({@code Argon2Function}, removed; the figures are in benchmarks/README.md).
 *
 * <ul>
 *   <li>{@code hash}: time per hash on one thread; with {@code -prof gc}, bytes allocated per hash
 *       ({@code gc.alloc.rate.norm}), which is what a login allocates for its hash;
 *   <li>{@code hashTwoThreads}: hashes per second with two threads at once, the ceiling for logins per
 *       second on two cores (two 19 MiB working sets competing for the cache, as under login load).
 * </ul>
 *
 * <p>The forked JVM gets the service's container flags ({@code Dockerfile}: {@code -XX:MaxRAMPercentage=75})
 * under the Kubernetes memory limit of auth-service (768 MiB, {@code k8s/base/auth-service.yaml}), so the
 * heap is the service's 576 MiB. The collector is what this host's ergonomics pick (G1); in a 768 MiB pod the
 * JVM would pick Serial. Bytes per hash do not depend on the collector, time per hash a little.
 * {@code benchmarks/argon2} runs it in interleaved rounds and prints ratios.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"})
public class Argon2Benchmarks {

    private static final int MEMORY_KIB = 19456;

    private static final int ITERATIONS = 2;

    private static final int LANES = 1;

    /** The service's default bulkhead: {@code HashingProperties.effectiveMaxConcurrent()} with 0. */
    private static final int CONCURRENT_HASHES = 2 * Runtime.getRuntime().availableProcessors();

    @Param({"bouncyCastle", "fixedBlockPool", "encoder"})
    public String implementation;

    private Argon2idPasswordEncoder encoder;

    /** What the encoder used until issue 18: one Bouncy Castle pool, locked per block, for every hash. */
    private Argon2BytesGenerator.FixedBlockPool fixedBlockPool;

    private byte[] salt;

    private byte[] password;

    @Setup
    public void setUp() {
        this.encoder = new Argon2idPasswordEncoder(16, 32, LANES, MEMORY_KIB, ITERATIONS, CONCURRENT_HASHES);
        this.fixedBlockPool = new Argon2BytesGenerator.FixedBlockPool(
                CONCURRENT_HASHES * Argon2BytesGenerator.getBlockCount(MEMORY_KIB, LANES));
        this.salt = new byte[16];
        new SecureRandom().nextBytes(this.salt);
        this.password = "benchmark password 1".getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] hash() {
        return compute();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public byte[] hashTwoThreads() {
        return compute();
    }

    private byte[] compute() {
        // Parameters are built per hash, as the encoder does (a fresh salt per stored hash).
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(this.salt)
                .withParallelism(LANES)
                .withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS);
        return switch (this.implementation) {
            case "bouncyCastle" -> bouncyCastle(builder.build());
            case "fixedBlockPool" ->
                bouncyCastle(builder.withBlockPool(this.fixedBlockPool).build());
            case "encoder" -> this.encoder.hash(builder, this.password, 32);
            default -> throw new IllegalStateException(this.implementation);
        };
    }

    private byte[] bouncyCastle(Argon2Parameters parameters) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[32];
        generator.generateBytes(this.password, out);
        return out;
    }
}
