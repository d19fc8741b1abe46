package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2FunctionTests {

    private static final int[] TYPES = {Argon2Parameters.ARGON2_d, Argon2Parameters.ARGON2_i, Argon2Parameters.ARGON2_id
    };

    @Test
    void hashWhenRfc9106Argon2idVectorThenKnownTag() {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(filled(16, 0x02))
                .withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04))
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4)
                .build();

        byte[] tag = new Argon2Function(32, 4, 1).hash(parameters, filled(32, 0x01), 32);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void hashWhenRandomParametersAndInputsThenSameOutputAsBouncyCastle() {
        SplittableRandom random = new SplittableRandom(20261125L);
        // m=64, p=1 is pooled: those cases reuse one array that earlier hashes have written and zeroed.
        Argon2Function function = new Argon2Function(64, 1, 2);
        for (int i = 0; i < 300; i++) {
            int lanes = 1 + random.nextInt(4);
            Argon2Parameters.Builder builder = new Argon2Parameters.Builder(TYPES[random.nextInt(3)])
                    .withVersion(
                            random.nextBoolean()
                                    ? Argon2Parameters.ARGON2_VERSION_13
                                    : Argon2Parameters.ARGON2_VERSION_10)
                    .withParallelism(lanes)
                    .withMemoryAsKB((i % 3 == 0) ? 64 : 2 * lanes + random.nextInt(300))
                    .withIterations(1 + random.nextInt(3))
                    .withSalt(bytes(random, 8 + random.nextInt(25)));
            if (i % 3 == 0) {
                builder.withParallelism(1);
            }
            if (random.nextInt(4) == 0) {
                builder.withSecret(bytes(random, random.nextInt(33)));
            }
            if (random.nextInt(4) == 0) {
                builder.withAdditional(bytes(random, random.nextInt(33)));
            }
            Argon2Parameters parameters = builder.build();
            byte[] password = bytes(random, random.nextInt(130));
            int length = 4 + random.nextInt(200);

            byte[] ours = function.hash(parameters, password, length);

            assertThat(ours)
                    .as(
                            "case %d: type %d, m=%d, t=%d, p=%d, length %d",
                            i,
                            parameters.getType(),
                            parameters.getMemory(),
                            parameters.getIterations(),
                            parameters.getLanes(),
                            length)
                    .isEqualTo(bouncyCastle(parameters, password, length));
        }
    }

    @Test
    void hashWhenOwaspParametersRepeatedWithPooledMemoryThenSameOutputAsBouncyCastle() {
        SplittableRandom random = new SplittableRandom(7L);
        Argon2Function function = new Argon2Function(19456, 1, 1);
        for (int i = 0; i < 3; i++) {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withParallelism(1)
                    .withMemoryAsKB(19456)
                    .withIterations(2)
                    .withSalt(bytes(random, 16))
                    .build();
            byte[] password = bytes(random, 1 + random.nextInt(128));

            assertThat(function.hash(parameters, password, 32)).isEqualTo(bouncyCastle(parameters, password, 32));
        }
    }

    @Test
    void hashWhenPooledMemoryReusedThenAllocatesLittleAndLeavesNoPasswordDerivedBlocks() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2Function function = new Argon2Function(19456, 1, 1);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(new byte[16])
                .withMemoryAsKB(19456)
                .withIterations(2)
                .build();
        byte[] password = "pooled password".getBytes(StandardCharsets.UTF_8);
        function.hash(parameters, password, 32);

        long before = threads.getCurrentThreadAllocatedBytes();
        function.hash(parameters, password, 32);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Bouncy Castle allocates about 20 MiB here.
        assertThat(allocated).isLessThan(256 * 1024);
        assertThat(function.pooled()).hasSize(1);
        assertThat(Arrays.stream(function.pooled().peek()).allMatch(word -> word == 0))
                .isTrue();
    }

    private static byte[] bouncyCastle(Argon2Parameters parameters, byte[] password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
