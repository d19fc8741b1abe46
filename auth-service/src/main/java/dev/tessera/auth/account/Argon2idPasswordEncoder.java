package dev.tessera.auth.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;

/**
 * A drop-in for Spring's {@code Argon2PasswordEncoder}: the same hash strings
 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, Base64 without padding), the same answers for
 * matches and upgrades, the same generator (Bouncy Castle's {@code Argon2BytesGenerator}), but with its
 * memory reused. Without reuse the generator allocates its 19,456 one-KiB blocks (20 MiB) per hash, which
 * under login load meant a young collection every few logins; with it a hash allocates about 90 KiB
 * (benchmarks/argon2). Bouncy Castle zeroes each block before it returns to the pool, so a pool holds
 * nothing derived from a password.
 *
 * <p>Why not Bouncy Castle's own {@code FixedBlockPool} shared by all hashes (issue 16 to 18): it takes a
 * monitor for each of the 19,456 blocks a hash borrows and again for each it gives back, so concurrent
 * hashes contend on one lock 39,000 times each, and its single stack hands every hash blocks scattered
 * across the others' (issue 18's profile). Here each hash takes a whole {@link HashMemory} (one queue
 * operation), uses it from its own thread only, and puts it back: the same generator and output, a
 * {@code BlockPool} of 30 lines on Bouncy Castle's public interface rather than a copy of the algorithm.
 */
final class Argon2idPasswordEncoder extends AbstractValidatingPasswordEncoder {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final int saltLength;

    private final int hashLength;

    private final int parallelism;

    private final int memory;

    private final int iterations;

    private final int blocksPerHash;

    /** Memories not in use; at most {@code concurrentHashes} are kept, each one hash's worth of blocks. */
    private final BlockingQueue<HashMemory> memories;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param concurrentHashes the number of hashes that may run at once: the blocks of that many hashes with
     *     these parameters are kept for reuse (hashes beyond it, or with more memory, allocate the rest)
     */
    Argon2idPasswordEncoder(
            int saltLength, int hashLength, int parallelism, int memory, int iterations, int concurrentHashes) {
        this.saltLength = saltLength;
        this.hashLength = hashLength;
        this.parallelism = parallelism;
        this.memory = memory;
        this.iterations = iterations;
        // The generator's FillBlock borrows a few blocks of its own (R, Z, address blocks) on top of memory.
        this.blocksPerHash = Argon2BytesGenerator.getBlockCount(memory, parallelism) + 8;
        this.memories = new ArrayBlockingQueue<>(Math.max(1, concurrentHashes));
    }

    @Override
    protected String encodeNonNullPassword(String rawPassword) {
        byte[] salt = new byte[this.saltLength];
        this.random.nextBytes(salt);
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(this.parallelism)
                .withMemoryAsKB(this.memory)
                .withIterations(this.iterations);
        byte[] hash = hash(parameters, rawPassword, this.hashLength);
        return format(parameters.build(), hash);
    }

    @Override
    protected boolean matchesNonNull(String rawPassword, String encodedPassword) {
        Decoded decoded;
        try {
            decoded = decode(encodedPassword);
        } catch (IllegalArgumentException ex) {
            return false;
        }
        byte[] actual = hash(decoded.builder(), rawPassword, decoded.hash().length);
        return MessageDigest.isEqual(decoded.hash(), actual);
    }

    @Override
    protected boolean upgradeEncodingNonNull(String encodedPassword) {
        Argon2Parameters parameters = decode(encodedPassword).parameters();
        return parameters.getMemory() < this.memory || parameters.getIterations() < this.iterations;
    }

    private byte[] hash(Argon2Parameters.Builder parameters, String rawPassword, int length) {
        // Bouncy Castle's own char-to-byte conversion (UTF-8), as Spring's encoder gets it; both copies are
        // wiped after, which the generator's char[] entry point would not do for the bytes.
        char[] chars = rawPassword.toCharArray();
        byte[] password = PasswordConverter.UTF8.convert(chars);
        try {
            return hash(parameters, password, length);
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(password, (byte) 0);
        }
    }

    /** The Argon2 tag of {@code length} bytes, computed by Bouncy Castle in memory reused from earlier hashes. */
    byte[] hash(Argon2Parameters.Builder parameters, byte[] password, int length) {
        HashMemory memory = this.memories.poll();
        if (memory == null) {
            memory = new HashMemory(this.blocksPerHash);
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters.withBlockPool(memory).build());
            byte[] tag = new byte[length];
            // generateBytes gives every block back, zeroed, before it returns (also when it throws).
            generator.generateBytes(password, tag);
            return tag;
        } finally {
            // Dropped for the collector when enough are kept already (more hashes ran at once than expected).
            this.memories.offer(memory);
        }
    }

    /** The memories kept for the next hashes (a copy; for tests). */
    List<HashMemory> keptMemories() {
        return List.copyOf(this.memories);
    }

    /**
     * The blocks of one hash at a time: a plain stack, without locks, because between {@link #hash}'s poll and
     * offer only the hashing thread touches it (the queue's hand-over orders its writes before the next user's
     * reads). Blocks beyond {@code capacity} are not kept.
     */
    static final class HashMemory implements Argon2BytesGenerator.BlockPool {

        private final Argon2BytesGenerator.Block[] blocks;

        private int size;

        HashMemory(int capacity) {
            this.blocks = new Argon2BytesGenerator.Block[capacity];
        }

        @Override
        public Argon2BytesGenerator.Block allocate() {
            if (this.size == 0) {
                return new Argon2BytesGenerator.Block();
            }
            Argon2BytesGenerator.Block block = this.blocks[--this.size];
            this.blocks[this.size] = null;
            return block;
        }

        @Override
        public void deallocate(Argon2BytesGenerator.Block block) {
            if (this.size < this.blocks.length) {
                this.blocks[this.size++] = block;
            }
        }

        int size() {
            return this.size;
        }
    }

    static String format(Argon2Parameters parameters, byte[] hash) {
        String type = switch (parameters.getType()) {
            case Argon2Parameters.ARGON2_d -> "$argon2d";
            case Argon2Parameters.ARGON2_i -> "$argon2i";
            case Argon2Parameters.ARGON2_id -> "$argon2id";
            default -> throw new IllegalArgumentException("Invalid algorithm type");
        };
        StringBuilder text = new StringBuilder(type)
                .append("$v=")
                .append(parameters.getVersion())
                .append("$m=")
                .append(parameters.getMemory())
                .append(",t=")
                .append(parameters.getIterations())
                .append(",p=")
                .append(parameters.getLanes());
        if (parameters.getSalt() != null) {
            text.append('$').append(ENCODER.encodeToString(parameters.getSalt()));
        }
        return text.append('$').append(ENCODER.encodeToString(hash)).toString();
    }

    /** Parses what Spring's {@code Argon2EncodingUtils} parses, with the same rules ("v=" optional). */
    static Decoded decode(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length < 4) {
            throw new IllegalArgumentException("Invalid encoded Argon2-hash");
        }
        int part = 1;
        Argon2Parameters.Builder builder = switch (parts[part++]) {
            case "argon2d" -> new Argon2Parameters.Builder(Argon2Parameters.ARGON2_d);
            case "argon2i" -> new Argon2Parameters.Builder(Argon2Parameters.ARGON2_i);
            case "argon2id" -> new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id);
            default -> throw new IllegalArgumentException("Invalid algorithm type");
        };
        if (parts[part].startsWith("v=")) {
            builder.withVersion(Integer.parseInt(parts[part].substring(2)));
            part++;
        }
        String[] costs = parts[part++].split(",");
        if (costs.length != 3
                || !costs[0].startsWith("m=")
                || !costs[1].startsWith("t=")
                || !costs[2].startsWith("p=")) {
            throw new IllegalArgumentException("Invalid performance parameters");
        }
        builder.withMemoryAsKB(Integer.parseInt(costs[0].substring(2)))
                .withIterations(Integer.parseInt(costs[1].substring(2)))
                .withParallelism(Integer.parseInt(costs[2].substring(2)));
        if (parts.length <= part + 1) {
            throw new IllegalArgumentException("Invalid encoded Argon2-hash");
        }
        builder.withSalt(DECODER.decode(parts[part++]));
        return new Decoded(builder, DECODER.decode(parts[part]));
    }

    record Decoded(Argon2Parameters.Builder builder, byte[] hash) {

        Argon2Parameters parameters() {
            return this.builder.build();
        }
    }
}
