package dev.tessera.auth.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;

/**
 * A drop-in for Spring's {@code Argon2PasswordEncoder}: the same hash strings
 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, Base64 without padding), the same answers for
 * matches and upgrades, the same Argon2 output, but computed by {@link Argon2Function}, which keeps the
 * 19 MiB of blocks in pooled arrays instead of allocating 19,456 objects per hash. Tests hold both
 * encoders to the same output on random inputs.
 */
final class Argon2idPasswordEncoder extends AbstractValidatingPasswordEncoder {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final int saltLength;

    private final int hashLength;

    private final int parallelism;

    private final int memory;

    private final int iterations;

    private final Argon2Function function;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param poolSize memory arrays kept for reuse: the number of hashes that may run at once
     */
    Argon2idPasswordEncoder(int saltLength, int hashLength, int parallelism, int memory, int iterations, int poolSize) {
        this.saltLength = saltLength;
        this.hashLength = hashLength;
        this.parallelism = parallelism;
        this.memory = memory;
        this.iterations = iterations;
        this.function = new Argon2Function(memory, parallelism, poolSize);
    }

    @Override
    protected String encodeNonNullPassword(String rawPassword) {
        byte[] salt = new byte[this.saltLength];
        this.random.nextBytes(salt);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withParallelism(this.parallelism)
                .withMemoryAsKB(this.memory)
                .withIterations(this.iterations)
                .build();
        byte[] hash = compute(parameters, rawPassword, this.hashLength);
        return format(parameters, hash);
    }

    @Override
    protected boolean matchesNonNull(String rawPassword, String encodedPassword) {
        Decoded decoded;
        try {
            decoded = decode(encodedPassword);
        } catch (IllegalArgumentException ex) {
            return false;
        }
        byte[] actual = compute(decoded.parameters(), rawPassword, decoded.hash().length);
        return MessageDigest.isEqual(decoded.hash(), actual);
    }

    @Override
    protected boolean upgradeEncodingNonNull(String encodedPassword) {
        Argon2Parameters parameters = decode(encodedPassword).parameters();
        return parameters.getMemory() < this.memory || parameters.getIterations() < this.iterations;
    }

    private byte[] compute(Argon2Parameters parameters, String rawPassword, int length) {
        // Bouncy Castle's own char-to-byte conversion (UTF-8), as Spring's encoder gets it.
        char[] chars = rawPassword.toCharArray();
        byte[] password = parameters.getCharToByteConverter().convert(chars);
        try {
            return this.function.hash(parameters, password, length);
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(password, (byte) 0);
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
        return new Decoded(builder.build(), DECODER.decode(parts[part]));
    }

    record Decoded(Argon2Parameters parameters, byte[] hash) {}
}
