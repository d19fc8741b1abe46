package dev.tessera.passport;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints passports (used by the gateway): a compact JWS, {@code HS256} with the first configured secret,
 * header {@code typ: passport+jwt} and {@code kid}, lifetime 30 s by default, audience the target
 * service, bound to one request by the {@code req} claim. Thread-safe.
 *
 * <p>The gateway mints one passport per routed request, so this class writes the token directly: the header's
 * base64url is computed once, the claims are written as JSON into a per-thread buffer and encoded there, and each
 * thread signs with its own {@link Mac} cloned from a keyed prototype. The bytes are those nimbus-jose-jwt (which
 * minted passports before, and still verifies them) produces for the same claims: the claims in the iteration order
 * of the {@link HashMap} nimbus serializes, strings escaped as its Gson does. {@code PassportSignerTests} pins this
 * byte for byte against nimbus, so the format of docs/passport.md and its vectors cannot drift.
 */
public final class PassportSigner {

    /** The {@code iss} of every passport. */
    public static final String ISSUER = "tessera-gateway";

    /** The {@code typ} header of every passport. */
    public static final String TYPE = "passport+jwt";

    /** The request header that carries the passport. */
    public static final String HEADER = "X-Tessera-Passport";

    /** The default lifetime of a passport. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(30);

    private static final String HMAC = "HmacSHA256";

    /** The claims, in the order nimbus's claims builder received them (it matters for keys in one hash bucket). */
    private static final String[] CLAIMS = {
        "iss",
        "aud",
        "iat",
        "exp",
        "jti",
        "req",
        "cip",
        "sub",
        "preferred_username",
        "roles",
        "sid",
        "tjti",
        "amr",
        "auth_time",
        "perm",
        "anon"
    };

    private static final int ISS = 0;
    private static final int AUD = 1;
    private static final int IAT = 2;
    private static final int EXP = 3;
    private static final int JTI = 4;
    private static final int REQ = 5;
    private static final int CIP = 6;
    private static final int SUB = 7;
    private static final int USERNAME = 8;
    private static final int ROLES = 9;
    private static final int SID = 10;
    private static final int TJTI = 11;
    private static final int AMR = 12;
    private static final int AUTH_TIME = 13;
    private static final int PERM = 14;
    private static final int ANON = 15;

    /** The claims always present: {@code iss} to {@code req}. */
    private static final int ALWAYS = (1 << CIP) - 1;

    /** {@code "name":} of each claim, ASCII. */
    private static final byte[][] NAMES = new byte[CLAIMS.length][];

    /**
     * For each set of present claims (a bit per claim, only the optional ones vary), the order in which nimbus writes
     * them ({@link #hashMapOrder}). Computed on first use of a set; there are a few dozen in practice.
     */
    private static final AtomicReferenceArray<int[]> ORDERS = new AtomicReferenceArray<>(1 << (CLAIMS.length - CIP));

    static {
        for (int i = 0; i < CLAIMS.length; i++) {
            NAMES[i] = ("\"" + CLAIMS[i] + "\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] ISSUER_VALUE = ("\"" + ISSUER + "\"").getBytes(StandardCharsets.US_ASCII);

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    /** {@code base64url(header) + "."}, ASCII: the same for every passport of this signer. */
    private final byte[] headerPrefix;

    private final SecretKeySpec key;

    /** Keyed once; each thread signs with a clone (a clone is keyed too, which {@code Mac.init} costs to redo). */
    private final Mac prototype;

    private final ThreadLocal<Minting> minting;

    private final Clock clock;
    private final Duration lifetime;

    /**
     * A signer with the system clock and a 30 s lifetime.
     *
     * @param secrets the secrets; the first one signs
     */
    public PassportSigner(PassportSecrets secrets) {
        this(secrets, Clock.systemUTC(), DEFAULT_LIFETIME);
    }

    /**
     * A signer.
     *
     * @param secrets the secrets; the first one signs
     * @param clock the clock for {@code iat}/{@code exp}
     * @param lifetime the passport lifetime, positive and at most one minute
     */
    public PassportSigner(PassportSecrets secrets, Clock clock, Duration lifetime) {
        PassportSecrets.Secret secret = secrets.signing();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(PassportVerifier.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "Passport lifetime must be in (0, " + PassportVerifier.MAX_LIFETIME + "]");
        }
        // The header once, by nimbus itself: its members and their order are nimbus's.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(TYPE))
                .keyID(secret.keyId())
                .build();
        this.headerPrefix = (header.toBase64URL() + ".").getBytes(StandardCharsets.US_ASCII);
        try {
            this.key = new SecretKeySpec(secret.bytes(), HMAC);
            this.prototype = Mac.getInstance(HMAC);
            this.prototype.init(key);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("Passport secret refused: " + ex.getMessage(), ex);
        }
        this.minting = ThreadLocal.withInitial(() -> new Minting(newMac()));
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * Mints a passport for one request.
     *
     * @param caller the caller; only its identity is used ({@code userId}, {@code username}, {@code roles},
     *     {@code sessionId}, {@code tokenId}, {@code authenticationMethods}, {@code authTime}, {@code permissions}),
     *     not its time or audience. An anonymous passport yields
     *     {@code anon: true}.
     * @param audience the target service's name, e.g. {@code forum-service}
     * @param method the HTTP method the upstream receives
     * @param path the raw path the upstream receives (after any prefix stripping), without query
     * @return the compact JWS for the {@value #HEADER} header
     */
    public String sign(Passport caller, String audience, String method, String path) {
        return sign(caller, audience, method, path, null);
    }

    /**
     * Mints a passport for one request, naming the client address the gateway decided.
     *
     * @param caller the caller, as for {@link #sign(Passport, String, String, String)}
     * @param audience the target service's name
     * @param method the HTTP method the upstream receives
     * @param path the raw path the upstream receives, without query
     * @param clientAddress the client's IP address as a literal ({@code cip}), or {@code null} for none
     * @return the compact JWS for the {@value #HEADER} header
     * @throws IllegalArgumentException if {@code clientAddress} is not an IP literal
     */
    public String sign(Passport caller, String audience, String method, String path, String clientAddress) {
        Objects.requireNonNull(caller, "caller");
        if (clientAddress != null && !ClientAddresses.isLiteral(clientAddress)) {
            throw new IllegalArgumentException("Not an IP address literal");
        }
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Instant now = clock.instant();
        long issued = seconds(now);
        long expires = seconds(now.plus(lifetime));
        String upperMethod = method.toUpperCase(Locale.ROOT);
        int present = ALWAYS;
        if (clientAddress != null) {
            present |= 1 << CIP;
        }
        if (caller.isAuthenticated()) {
            present |= (1 << SUB) | (1 << ROLES);
            present |= (caller.username() != null) ? 1 << USERNAME : 0;
            present |= (caller.sessionId() != null) ? 1 << SID : 0;
            present |= (caller.tokenId() != null) ? 1 << TJTI : 0;
            present |= !caller.authenticationMethods().isEmpty() ? 1 << AMR : 0;
            present |= (caller.authTime() != null) ? 1 << AUTH_TIME : 0;
            // Sorted (the record keeps them so): one caller, one byte sequence, whatever the policy's order.
            present |= !caller.permissions().isEmpty() ? 1 << PERM : 0;
        } else {
            present |= 1 << ANON;
        }
        Minting m = minting.get();
        MintingBuffer json = m.json;
        json.reset();
        // The request binding first, at the start of the buffer, so the JSON can be written after it.
        json.writeUtf8(upperMethod, false);
        json.writeByte(' ');
        json.writeUtf8(path, false);
        m.sha256.update(json.bytes, 0, json.length);
        byte[] binding = m.binding;
        try {
            m.sha256.digest(binding, 0, binding.length);
        } catch (DigestException ex) {
            throw new IllegalStateException(ex);
        }
        json.reset();
        json.writeByte('{');
        boolean first = true;
        for (int claim : order(present)) {
            if (!first) {
                json.writeByte(',');
            }
            first = false;
            json.writeAscii(NAMES[claim]);
            switch (claim) {
                case ISS -> json.writeAscii(ISSUER_VALUE);
                case AUD -> json.writeJsonString(audience);
                case IAT -> json.writeLong(issued);
                case EXP -> json.writeLong(expires);
                case JTI -> {
                    json.writeByte('"');
                    m.writeRandomUuid(json);
                    json.writeByte('"');
                }
                case REQ -> {
                    json.writeByte('"');
                    json.writeBase64Url(binding, 0, binding.length);
                    json.writeByte('"');
                }
                case CIP -> json.writeJsonString(clientAddress);
                case SUB -> json.writeJsonString(caller.userId());
                case USERNAME -> json.writeJsonString(caller.username());
                case ROLES -> writeArray(json, caller.roles());
                case SID -> json.writeJsonString(caller.sessionId());
                case TJTI -> json.writeJsonString(caller.tokenId());
                case AMR -> writeArray(json, caller.authenticationMethods());
                case AUTH_TIME -> json.writeLong(seconds(caller.authTime()));
                case PERM -> writeArray(json, caller.permissions());
                case ANON -> json.writeAscii(TRUE);
                default -> throw new IllegalStateException("claim " + claim);
            }
        }
        json.writeByte('}');
        MintingBuffer token = m.token;
        token.reset();
        token.writeAscii(headerPrefix);
        token.writeBase64Url(json.bytes, 0, json.length);
        Mac mac = m.mac;
        mac.update(token.bytes, 0, token.length);
        try {
            mac.doFinal(m.signature, 0);
        } catch (ShortBufferException ex) {
            throw new IllegalStateException("Cannot sign passport", ex);
        }
        token.writeByte('.');
        token.writeBase64Url(m.signature, 0, m.signature.length);
        return new String(token.bytes, 0, token.length, StandardCharsets.ISO_8859_1);
    }

    /** Seconds since the epoch as nimbus writes a date: {@code Date.getTime() / 1000}. */
    private static long seconds(Instant instant) {
        return instant.toEpochMilli() / 1000;
    }

    private static void writeArray(MintingBuffer json, Collection<String> values) {
        json.writeByte('[');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                json.writeByte(',');
            }
            first = false;
            json.writeJsonString(value); // never null: Passport copies its collections with List/Set.copyOf, TreeSet
        }
        json.writeByte(']');
    }

    /** Indexed by the optional claims' bits: no boxing, no hashing per passport. */
    private static int[] order(int present) {
        int index = present >>> CIP;
        int[] order = ORDERS.get(index);
        if (order == null) {
            // Two threads may compute the same order at once: they compute the same array, either one is kept.
            order = hashMapOrder(present);
            ORDERS.set(index, order);
        }
        return order;
    }

    /**
     * Asks nimbus itself in which order it writes this set of claims: what it serializes is a {@link HashMap} (whose
     * order depends on the keys' hashes, the table's size and the order of insertion), so the order is taken from a
     * payload nimbus writes with the same names, inserted in the same order.
     */
    private static int[] hashMapOrder(int present) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        for (int claim = 0; claim < CLAIMS.length; claim++) {
            if ((present & (1 << claim)) != 0) {
                claims.claim(CLAIMS[claim], "x");
            }
        }
        String payload = claims.build().toPayload().toString();
        return IntStream.range(0, CLAIMS.length)
                .filter(claim -> (present & (1 << claim)) != 0)
                .boxed()
                .sorted(Comparator.comparingInt(claim -> payload.indexOf("\"" + CLAIMS[claim] + "\":")))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException ex) {
            // A provider whose Mac cannot be cloned: key a new one (slower, same result).
            try {
                Mac mac = Mac.getInstance(HMAC, prototype.getProvider());
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException failed) {
                throw new IllegalStateException("Cannot create a passport Mac", failed);
            }
        }
    }

    /**
     * One thread's Mac, digest and buffers; a thread mints one passport at a time. About 5 KB per thread and signer:
     * the gateway mints on its few event-loop threads.
     */
    private static final class Minting {

        final Mac mac;
        final MessageDigest sha256;
        final MintingBuffer json = new MintingBuffer();
        final MintingBuffer token = new MintingBuffer();
        final byte[] signature;
        final byte[] binding = new byte[32];
        final byte[] jti = new byte[16];

        /**
         * The thread's own generator for {@code jti}: {@code UUID.randomUUID()} draws from one JVM-wide {@code
         * NativePRNG} whose reads are serialised by a lock every event-loop thread would share; a DRBG per thread is
         * as unpredictable and shares nothing.
         */
        final SecureRandom random = newRandom();

        /**
         * The DRBG's output for the next 64 {@code jti}s, drawn in one request: a Hash_DRBG pays a state update (a
         * SHA-256 and big-number additions) per request besides its output, which for 16 bytes was most of the
         * cost. The same generator's bytes, only asked for less often; they become public in the passports anyway.
         */
        final byte[] randomPool = new byte[16 * 64];

        int randomUsed = randomPool.length;

        Minting(Mac mac) {
            this.mac = mac;
            this.signature = new byte[mac.getMacLength()];
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** A random (version 4) UUID in {@link UUID#toString()} form, as {@link UUID#randomUUID()} makes one. */
        void writeRandomUuid(MintingBuffer out) {
            if (randomUsed == randomPool.length) {
                random.nextBytes(randomPool);
                randomUsed = 0;
            }
            System.arraycopy(randomPool, randomUsed, jti, 0, jti.length);
            randomUsed += jti.length;
            jti[6] = (byte) ((jti[6] & 0x0f) | 0x40);
            jti[8] = (byte) ((jti[8] & 0x3f) | 0x80);
            long most = 0;
            long least = 0;
            for (int i = 0; i < 8; i++) {
                most = (most << 8) | (jti[i] & 0xff);
                least = (least << 8) | (jti[i + 8] & 0xff);
            }
            out.writeUuid(most, least);
        }

        private static SecureRandom newRandom() {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException ex) {
                return new SecureRandom();
            }
        }
    }
}
