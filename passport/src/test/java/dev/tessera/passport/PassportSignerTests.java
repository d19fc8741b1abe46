package dev.tessera.passport;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The signer writes passports itself (no JSON library, no nimbus per request); these tests pin that it writes exactly
 * the bytes nimbus-jose-jwt wrote before, so docs/passport.md and every verifier built on it stay right.
 */
class PassportSignerTests {

    private static final String SECRET =
            Base64.getEncoder().encodeToString("a passport secret of 32 bytes or more, for tests".getBytes());

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.987Z");

    private static final String USER = "3f1c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a3b";

    private final PassportSecrets secrets = PassportSecrets.of(List.of(SECRET));

    private final PassportSigner signer =
            new PassportSigner(secrets, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(29_500));

    @Test
    void signWhenAnyShapeOfPassportThenByteForByteWhatNimbusWrites() throws Exception {
        List<Passport> callers = new ArrayList<>();
        callers.add(Passport.anonymous(null, null, null));
        callers.add(Passport.caller(USER, "alice", Set.of("USER", "MODERATOR"), "sid-1", "tjti-1"));
        callers.add(Passport.caller(USER, null, Set.of(), null, null));
        callers.add(Passport.caller(USER, "bob", Set.of("USER"), null, "tjti-2"));
        callers.add(Passport.caller(USER, "carol", Set.of("ADMIN"), "sid-3", null));
        callers.add(Passport.caller(
                USER,
                "dave",
                Set.of("USER"),
                "sid-4",
                "tjti-4",
                List.of("pwd", "otp"),
                Instant.parse("2026-03-01T11:50:00.999Z")));
        callers.add(Passport.caller(USER, "erin", Set.of("USER"), "sid", "tjti", List.of("pwd"), null));
        callers.add(Passport.caller(USER, "frank", Set.of("USER"), null, null, List.of(), Instant.EPOCH));
        Passport withAll = Passport.caller(
                USER,
                "grace",
                Set.of("USER", "MODERATOR", "ADMIN"),
                "sid-5",
                "tjti-5",
                List.of("pwd", "hwk"),
                Instant.parse("2026-02-28T00:00:00Z"));
        callers.add(withAll.withPermissions(List.of("forum:post")));
        callers.add(withAll.withPermissions(permissions(10)));
        callers.add(withAll.withPermissions(permissions(Passport.MAX_PERMISSIONS)));
        callers.add(Passport.caller(USER, "heidi", Set.of("USER"), null, null).withPermissions(permissions(3)));
        for (Passport caller : callers) {
            for (String address : new String[] {null, "203.0.113.7", "2001:db8::1", "::ffff:192.0.2.1"}) {
                for (String[] request :
                        new String[][] {{"GET", "/threads"}, {"post", "/threads/%2F/posts"}, {"Put", "/"}}) {
                    assertSameAsNimbus(caller, "forum-service", request[0], request[1], address);
                }
            }
        }
    }

    @Test
    void signWhenStringsNeedEscapingOrAreNotAsciiThenByteForByteWhatNimbusWrites() throws Exception {
        String[] awkward = {
            "",
            "quote\" backslash\\ slash/",
            "tab\t newline\n return\r backspace\b formfeed\f",
            "\u0000\u0001\u001f\u007f",
            "<script>&amp;='x'</script>",
            "ümlaut ß € \u0800 \uffff",
            "line\u2028separator\u2029",
            "emoji \ud83d\ude00 pair",
            "lone high \ud83d then text",
            "lone low \ude00",
            "ends high \ud83d",
        };
        for (String text : awkward) {
            Passport caller =
                    Passport.caller(USER + text, text, Set.of("USER", "R" + text), text, text, List.of(text), null);
            assertSameAsNimbus(
                    caller.withPermissions(List.of("forum:" + text)), "svc" + text, "GET", "/p" + text, null);
        }
    }

    @Test
    void signWhenRandomStringsThenByteForByteWhatNimbusWrites() throws Exception {
        Random random = new Random(18);
        for (int i = 0; i < 300; i++) {
            String text = randomText(random);
            Passport caller = Passport.caller(USER, text, Set.of(text.isEmpty() ? "USER" : text), text, text);
            assertSameAsNimbus(caller, "forum-service", "GET", "/" + text, null);
        }
    }

    @Test
    void signWhenManyThreadsMintAtOnceThenEveryPassportVerifies() throws Exception {
        PassportSigner shared = new PassportSigner(secrets);
        PassportVerifier verifier = new PassportVerifier(secrets, "forum-service");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> minted = IntStream.range(0, 8)
                    .mapToObj(t -> pool.submit(() -> IntStream.range(0, 500)
                            .mapToObj(i -> shared.sign(
                                    Passport.caller(USER, "user" + t + "-" + i, Set.of("USER"), null, null),
                                    "forum-service",
                                    "GET",
                                    "/threads/" + i))
                            .toList()))
                    .toList();
            for (int t = 0; t < minted.size(); t++) {
                List<String> passports = minted.get(t).get();
                for (int i = 0; i < passports.size(); i++) {
                    assertThat(verifier.verify(passports.get(i), "GET", "/threads/" + i)
                                    .username())
                            .isEqualTo("user" + t + "-" + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signWhenMintedManyTimesThenEachJtiIsADistinctVersion4Uuid() throws Exception {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String jti = SignedJWT.parse(signer.sign(Passport.anonymous(null, null, null), "forum-service", "GET", "/"))
                    .getJWTClaimsSet()
                    .getJWTID();
            java.util.UUID parsed = java.util.UUID.fromString(jti);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(jti);
            assertThat(seen.add(jti)).as("jti %s repeated", jti).isTrue();
        }
    }

    @Test
    void writeBase64UrlWhenAnyLengthAndOffsetThenAsTheJdkEncodes() {
        byte[] source = new byte[100];
        new Random(7).nextBytes(source);
        for (int from = 0; from < 4; from++) {
            for (int count = 0; from + count <= source.length; count++) {
                MintingBuffer buffer = new MintingBuffer();
                buffer.writeByte('x');
                buffer.writeBase64Url(source, from, count);
                byte[] slice = java.util.Arrays.copyOfRange(source, from, from + count);
                assertThat(new String(buffer.bytes, 0, buffer.length, StandardCharsets.US_ASCII))
                        .isEqualTo("x" + Base64.getUrlEncoder().withoutPadding().encodeToString(slice));
            }
        }
    }

    @Test
    void writeLongWhenAnyValueThenAsLongToString() {
        for (long value : new long[] {0, 7, 10, 99, 1772366390L, -1, -1772366390L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            MintingBuffer buffer = new MintingBuffer();
            buffer.writeLong(value);
            assertThat(new String(buffer.bytes, 0, buffer.length, StandardCharsets.US_ASCII))
                    .isEqualTo(Long.toString(value));
        }
    }

    @Test
    void writeUtf8WhenLongerThanTheBufferThenGrows() {
        String text = "é".repeat(5000);
        MintingBuffer buffer = new MintingBuffer();
        buffer.writeUtf8(text, false);
        assertThat(new String(buffer.bytes, 0, buffer.length, StandardCharsets.UTF_8))
                .isEqualTo(text);
    }

    /**
     * Mints with the signer, then with nimbus exactly as the signer did before it wrote tokens itself (claims in the
     * same order, the same {@code jti}, {@code iat} and {@code exp}), and compares the two compact strings.
     */
    private void assertSameAsNimbus(Passport caller, String audience, String method, String path, String address)
            throws Exception {
        String minted = signer.sign(caller, audience, method, path, address);
        String jti = SignedJWT.parse(minted).getJWTClaimsSet().getJWTID();
        assertThat(minted)
                .as("%s %s %s %s", caller, audience, method, path)
                .isEqualTo(nimbus(caller, audience, method, path, address, jti));
    }

    /** The signer of Tessera 0.1 (nimbus-jose-jwt), the reference the format was specified from. */
    private String nimbus(Passport caller, String audience, String method, String path, String address, String jti)
            throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(PassportSigner.TYPE))
                .keyID(secrets.signing().keyId())
                .build();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(PassportSigner.ISSUER)
                .audience(audience)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMillis(29_500))))
                .jwtID(jti)
                .claim(PassportVerifier.REQUEST_CLAIM, RequestBinding.of(method, path));
        if (address != null) {
            claims.claim(PassportVerifier.CLIENT_ADDRESS_CLAIM, address);
        }
        if (caller.isAuthenticated()) {
            claims.subject(caller.userId())
                    .claim("preferred_username", caller.username())
                    .claim("roles", new ArrayList<>(caller.roles()))
                    .claim("sid", caller.sessionId())
                    .claim("tjti", caller.tokenId());
            if (!caller.authenticationMethods().isEmpty()) {
                claims.claim("amr", caller.authenticationMethods());
            }
            if (caller.authTime() != null) {
                claims.claim("auth_time", Date.from(caller.authTime()));
            }
            if (!caller.permissions().isEmpty()) {
                claims.claim(PassportVerifier.PERMISSIONS_CLAIM, new ArrayList<>(caller.permissions()));
            }
        } else {
            claims.claim("anon", Boolean.TRUE);
        }
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(new MACSigner(secrets.signing().bytes()));
        return jwt.serialize();
    }

    private static List<String> permissions(int count) {
        return IntStream.range(0, count).mapToObj(i -> "forum:permission-" + i).toList();
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            text.append(
                    switch (kind) {
                        case 0 -> (char) random.nextInt(0x80);
                        case 1 -> (char) (0x80 + random.nextInt(0x780));
                        case 2 -> (char) random.nextInt(0x10000);
                        default -> new String(Character.toChars(0x10000 + random.nextInt(0x100000)));
                    });
        }
        return text.toString();
    }
}
