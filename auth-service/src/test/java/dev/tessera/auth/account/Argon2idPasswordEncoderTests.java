package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class Argon2idPasswordEncoderTests {

    private static final String STORED_FORMAT = "$argon2id$v=19$m=19456,t=2,p=1$";

    private final Argon2idPasswordEncoder ours = new Argon2idPasswordEncoder(16, 32, 1, 19456, 2, 1);

    private final Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);

    @Test
    void hashWhenRfc9106Argon2idVectorThenKnownTag() {
        // RFC 9106, section 5.3: the tag the encoder's own path (pooled generator) must produce.
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(filled(16, 0x02))
                .withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04))
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4);

        byte[] first = this.ours.hash(parameters, filled(32, 0x01), 32);
        byte[] again = this.ours.hash(parameters, filled(32, 0x01), 32);

        assertThat(HexFormat.of().formatHex(first))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void matchesWhenHashStoredByTesserasFormerArgon2FunctionThenVerifies() {
        // Produced by auth-service's own Argon2 implementation (Argon2Function, replaced by Bouncy Castle's
        // pooled generator in issue 16) with the production parameters: stored hashes must keep working.
        String password = "Correct horse battery staple, grüße 東京 🔑";
        String stored =
                "$argon2id$v=19$m=19456,t=2,p=1$Vm3L5cIBCqDpyyzgIjz+hg$ITN4SoLdq45Ya3+KtyPwtyWzFAYzX05YTA0+/YUD1hs";

        assertThat(this.ours.matches(password, stored)).isTrue();
        assertThat(this.ours.matches(password + " ", stored)).isFalse();
        assertThat(this.ours.upgradeEncoding(stored)).isFalse();
        PasswordEncoder service = PasswordHashing.defaultEncoder(1);
        assertThat(service.matches(password, "{argon2}" + stored)).isTrue();
        assertThat(service.matches(password.toUpperCase(), "{argon2}" + stored)).isFalse();
    }

    @Test
    void matchesWhenRepeatedThenBlocksComeFromThePoolNotTheHeap() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String stored = this.ours.encode("pooled password");

        long before = threads.getCurrentThreadAllocatedBytes();
        assertThat(this.ours.matches("pooled password", stored)).isTrue();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Without the pool Bouncy Castle allocates about 20 MiB here (19,456 one-KiB blocks); with it ~90 KiB.
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    @Test
    void hashWhenManyThreadsAtOnceThenSameTagsAndMemoriesComeBackWholeAndBounded() throws Exception {
        Argon2idPasswordEncoder encoder = new Argon2idPasswordEncoder(16, 32, 1, 256, 2, 2);
        byte[] password = "concurrent password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "sixteen byte sal".getBytes(StandardCharsets.UTF_8);
        Callable<byte[]> hash = () -> encoder.hash(
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withSalt(salt)
                        .withParallelism(1)
                        .withMemoryAsKB(256)
                        .withIterations(2),
                password,
                32);
        byte[] expected = bouncyCastle(salt, password);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> tags = threads.invokeAll(Collections.nCopies(200, hash));
            for (Future<byte[]> tag : tags) {
                assertThat(tag.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }

        // Four threads, two kept: a hash that found none allocated its own, which was then dropped.
        assertThat(encoder.keptMemories()).hasSizeBetween(1, 2);
        // Every block of a hash came back to its memory, so the next hash allocates none.
        assertThat(encoder.keptMemories())
                .allSatisfy(memory ->
                        assertThat(memory.size()).isGreaterThanOrEqualTo(Argon2BytesGenerator.getBlockCount(256, 1)));
    }

    private static byte[] bouncyCastle(byte[] salt, byte[] password) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(1)
                .withMemoryAsKB(256)
                .withIterations(2)
                .build());
        byte[] tag = new byte[32];
        generator.generateBytes(password, tag);
        return tag;
    }

    @Test
    void matchesWhenHashStoredBySpringsEncoderThenSameAnswersAsSpring() {
        SplittableRandom random = new SplittableRandom(1L);
        for (int i = 0; i < 4; i++) {
            String password = randomPassword(random);
            String stored = this.spring.encode(password);
            assertThat(stored).startsWith(STORED_FORMAT);

            assertThat(this.ours.matches(password, stored)).isTrue();
            assertThat(this.ours.matches(password + "x", stored)).isFalse();
            assertThat(this.ours.upgradeEncoding(stored)).isFalse();
        }
    }

    @Test
    void encodeWhenHashingThenSpringsEncoderAcceptsTheStringAndParametersAreOwasp() {
        SplittableRandom random = new SplittableRandom(2L);
        for (int i = 0; i < 4; i++) {
            String password = randomPassword(random);
            String stored = this.ours.encode(password);

            assertThat(stored).startsWith(STORED_FORMAT).hasSize(STORED_FORMAT.length() + 22 + 1 + 43);
            assertThat(this.spring.matches(password, stored)).isTrue();
            assertThat(this.spring.matches(password.substring(1), stored)).isFalse();
        }
    }

    @Test
    void matchesWhenWeakerOrOtherArgon2KindsThenSameAnswersAsSpring() {
        SplittableRandom random = new SplittableRandom(3L);
        Argon2PasswordEncoder weaker = new Argon2PasswordEncoder(8, 40, 2, 4096, 1);
        for (int i = 0; i < 10; i++) {
            String password = randomPassword(random);
            String stored = weaker.encode(password);

            assertThat(this.ours.matches(password, stored)).isTrue();
            assertThat(this.ours.matches(password + " ", stored)).isFalse();
            assertThat(this.ours.upgradeEncoding(stored))
                    .isEqualTo(this.spring.upgradeEncoding(stored))
                    .isTrue();
        }
        // Without "v=" both read version 1.3 (Bouncy Castle's default).
        String stored = weaker.encode("legacy password");
        String withoutVersion = stored.replace("$v=19", "");
        assertThat(this.ours.matches("legacy password", withoutVersion))
                .isEqualTo(this.spring.matches("legacy password", withoutVersion))
                .isTrue();
        // Version 1.0 (v=16), argon2i and argon2d tags computed by Bouncy Castle itself.
        for (int type : new int[] {Argon2Parameters.ARGON2_i, Argon2Parameters.ARGON2_d, Argon2Parameters.ARGON2_id}) {
            Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_10)
                    .withSalt("sixteen byte sal".getBytes(StandardCharsets.UTF_8))
                    .withMemoryAsKB(64)
                    .withIterations(2)
                    .withParallelism(1)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] tag = new byte[32];
            generator.generateBytes("old password".toCharArray(), tag);
            String old = Argon2idPasswordEncoder.format(parameters, tag);

            assertThat(this.spring.matches("old password", old)).isTrue();
            assertThat(this.ours.matches("old password", old)).isTrue();
            assertThat(this.ours.matches("old passworD", old)).isFalse();
        }
    }

    @Test
    void formatWhenDecodedSpringHashThenSameString() {
        String stored = this.spring.encode("format check");

        Argon2idPasswordEncoder.Decoded decoded = Argon2idPasswordEncoder.decode(stored);

        assertThat(Argon2idPasswordEncoder.format(decoded.parameters(), decoded.hash()))
                .isEqualTo(stored);
    }

    @Test
    void matchesWhenStoredHashMalformedThenFalse() {
        assertThat(this.ours.matches("password", "$argon2id$v=19$m=19456,t=2")).isFalse();
        assertThat(this.ours.matches("password", "$argon2x$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
                .isFalse();
        assertThat(this.ours.matches("password", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ"))
                .isFalse();
        assertThat(this.ours.matches("password", "$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
                .isFalse();
    }

    /** Up to 128 characters from ASCII, Latin-1, CJK and astral planes (UTF-8 of 1 to 4 bytes). */
    private static String randomPassword(SplittableRandom random) {
        int[] starts = {0x21, 0xA1, 0x4E00, 0x1F600};
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(100);
        for (int i = 0; i < length; i++) {
            int start = starts[random.nextInt(starts.length)];
            text.appendCodePoint(start + random.nextInt(64));
        }
        return text.toString();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
