package dev.tessera.auth.account;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A cross-check of {@link Argon2Benchmarks} that holds up on a loaded machine: the same implementations in
 * one JVM, interleaved hash by hash (Bouncy Castle without a pool, auth-service's pooled encoder, …), each
 * hash timed by its thread's CPU time (time spent descheduled by other processes does not count) and by
 * wall-clock time, with the bytes it allocated; their tags must be equal. Prints medians and ratios to the
 * first.
 * {@code Argon2CpuTime [hashes per implementation]} (default 60, after 15 of warm-up each).
 */
public final class Argon2CpuTime {

    private static final String[] IMPLEMENTATIONS = {"bouncyCastle", "encoder"};

    private Argon2CpuTime() {}

    public static void main(String[] args) {
        int count = (args.length > 0) ? Integer.parseInt(args[0]) : 60;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int concurrent = 2 * Runtime.getRuntime().availableProcessors();
        Argon2idPasswordEncoder encoder = new Argon2idPasswordEncoder(16, 32, 1, 19456, 2, concurrent);
        byte[] salt = "sixteen byte sal".getBytes(StandardCharsets.UTF_8);
        byte[] password = "benchmark password 1".getBytes(StandardCharsets.UTF_8);
        double[][] cpu = new double[IMPLEMENTATIONS.length][count];
        double[][] wall = new double[IMPLEMENTATIONS.length][count];
        double[][] bytes = new double[IMPLEMENTATIONS.length][count];
        byte[][] tags = new byte[IMPLEMENTATIONS.length][];
        for (int i = -15; i < count; i++) {
            for (int k = 0; k < IMPLEMENTATIONS.length; k++) {
                int which = (k + Math.floorMod(i, IMPLEMENTATIONS.length)) % IMPLEMENTATIONS.length; // rotate
                long cpuBefore = threads.getCurrentThreadCpuTime();
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long started = System.nanoTime();
                tags[which] = hash(which, encoder, salt, password);
                long elapsed = System.nanoTime() - started;
                if (i >= 0) {
                    cpu[which][i] = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
                    wall[which][i] = elapsed / 1e6;
                    bytes[which][i] = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                }
            }
            if (!Arrays.equals(tags[0], tags[1])) {
                throw new IllegalStateException("implementations disagree");
            }
        }
        System.out.println(
                "| implementation | CPU ms/hash (median) | × first | wall ms/hash (median) | × first | bytes/hash (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int k = 0; k < IMPLEMENTATIONS.length; k++) {
            System.out.printf(
                    "| %s | %.2f | %.3f | %.2f | %.3f | %.0f |%n",
                    IMPLEMENTATIONS[k],
                    median(cpu[k]),
                    median(cpu[k]) / median(cpu[0]),
                    median(wall[k]),
                    median(wall[k]) / median(wall[0]),
                    median(bytes[k]));
        }
    }

    private static byte[] hash(int which, Argon2idPasswordEncoder encoder, byte[] salt, byte[] password) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(1)
                .withMemoryAsKB(19456)
                .withIterations(2);
        if (which == 1) {
            return encoder.hash(builder, password, 32);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] out = new byte[32];
        generator.generateBytes(password, out);
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
