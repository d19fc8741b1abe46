package dev.tessera.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Prints the median time of one argon2id hash with auth-service's parameters (m=19456 KiB, t=2, p=1,
 * 16-byte salt, 32-byte hash; the same BouncyCastle generator Spring's Argon2PasswordEncoder uses), in
 * milliseconds: the yardstick for login throughput (at most cores ÷ this time logins per second).
 * {@code Argon2HashTime [repetitions] [cpu]}, after a warm-up of the same size. With {@code cpu} it also prints
 * the process's CPU time per hash (mean over the measured hashes, every thread of the JVM: the hashing
 * thread and the collector's, which reclaims the 19 MiB each hash allocates here), the yardstick for
 * auth-service's CPU per login (benchmarks/accounts): "wall-ms cpu-ms".
 */
public final class Argon2HashTime {

    private Argon2HashTime() {}

    public static void main(String[] args) {
        int repetitions = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] password = "benchmark password 1".getBytes(StandardCharsets.UTF_8);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(1)
                .withMemoryAsKB(19456)
                .withIterations(2)
                .build();
        for (int i = 0; i < repetitions; i++) {
            hash(parameters, password);
        }
        double[] millis = new double[repetitions];
        long cpuBefore = processCpuNanos();
        for (int i = 0; i < repetitions; i++) {
            long started = System.nanoTime();
            hash(parameters, password);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        double cpuMillis = (processCpuNanos() - cpuBefore) / 1e6 / repetitions;
        Arrays.sort(millis);
        if (args.length > 1 && args[1].equals("cpu")) {
            System.out.printf("%.2f %.2f%n", millis[repetitions / 2], cpuMillis);
        } else {
            System.out.printf("%.2f%n", millis[repetitions / 2]);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static byte[] hash(Argon2Parameters parameters, byte[] password) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[32];
        generator.generateBytes(password, out);
        return out;
    }
}
