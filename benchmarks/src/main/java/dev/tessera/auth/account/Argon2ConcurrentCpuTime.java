package dev.tessera.auth.account;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Two threads hashing at once, as two clients log in at once (issue 18): Bouncy Castle's generator with one shared
 * {@code FixedBlockPool} (auth-service's encoder until issue 18), auth-service's {@link Argon2idPasswordEncoder}
 * (each hash borrows a whole earlier hash's memory) and no pool at all, the variants interleaved round by round.
 * Prints the load average and, per variant, the median thread CPU and wall time per hash and the process's CPU per
 * hash (every thread: the collector's too), each as a ratio to the shared pool. Ratios within one run only.
 * {@code Argon2ConcurrentCpuTime [rounds] [hashes per thread and round]} (default 6 and 10, after 2 rounds of
 * warm-up).
 */
public final class Argon2ConcurrentCpuTime {

    private static final String[] VARIANTS = {"fixedBlockPool", "encoder", "noPool"};

    private Argon2ConcurrentCpuTime() {}

    public static void main(String[] args) throws Exception {
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 6;
        int perRound = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
        int concurrent = 2 * Runtime.getRuntime().availableProcessors();
        Argon2idPasswordEncoder encoder = new Argon2idPasswordEncoder(16, 32, 1, 19456, 2, concurrent);
        Argon2BytesGenerator.FixedBlockPool fixed =
                new Argon2BytesGenerator.FixedBlockPool(concurrent * Argon2BytesGenerator.getBlockCount(19456, 1));
        byte[] salt = "sixteen byte sal".getBytes(StandardCharsets.UTF_8);
        byte[] password = "benchmark password 1".getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<Double>> cpu = new HashMap<>();
        Map<String, List<Double>> wall = new HashMap<>();
        Map<String, List<Double>> process = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = -2; round < rounds; round++) {
                for (int k = 0; k < VARIANTS.length; k++) {
                    String variant = VARIANTS[Math.floorMod(k + round, VARIANTS.length)]; // rotate the order
                    Callable<double[]> task = () -> {
                        long cpuBefore = threads.getCurrentThreadCpuTime();
                        long started = System.nanoTime();
                        for (int i = 0; i < perRound; i++) {
                            hash(variant, encoder, fixed, salt, password);
                        }
                        return new double[] {
                            (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / perRound,
                            (System.nanoTime() - started) / 1e6 / perRound
                        };
                    };
                    long processBefore = os.getProcessCpuTime();
                    List<Future<double[]>> results = pool.invokeAll(List.of(task, task));
                    long processAfter = os.getProcessCpuTime();
                    if (round < 0) {
                        continue;
                    }
                    for (Future<double[]> result : results) {
                        cpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(result.get()[0]);
                        wall.computeIfAbsent(variant, v -> new ArrayList<>()).add(result.get()[1]);
                    }
                    process.computeIfAbsent(variant, v -> new ArrayList<>())
                            .add((processAfter - processBefore) / 1e6 / (2.0 * perRound));
                }
            }
        } finally {
            pool.shutdown();
        }
        System.out.println(
                "load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| variant | thread CPU ms/hash | × fixedBlockPool | wall ms/hash | × fixedBlockPool"
                + " | process CPU ms/hash | × fixedBlockPool |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String variant : VARIANTS) {
            System.out.printf(
                    "| %s | %.2f | %.3f | %.2f | %.3f | %.2f | %.3f |%n",
                    variant,
                    median(cpu.get(variant)),
                    median(cpu.get(variant)) / median(cpu.get(VARIANTS[0])),
                    median(wall.get(variant)),
                    median(wall.get(variant)) / median(wall.get(VARIANTS[0])),
                    median(process.get(variant)),
                    median(process.get(variant)) / median(process.get(VARIANTS[0])));
        }
    }

    private static void hash(
            String variant,
            Argon2idPasswordEncoder encoder,
            Argon2BytesGenerator.BlockPool fixed,
            byte[] salt,
            byte[] password) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(1)
                .withMemoryAsKB(19456)
                .withIterations(2);
        if (variant.equals("encoder")) {
            encoder.hash(builder, password, 32);
            return;
        }
        if (variant.equals("fixedBlockPool")) {
            builder.withBlockPool(fixed);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        generator.generateBytes(password, new byte[32]);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
