package dev.tessera.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Which signature scheme the passport should use (issue 12): the passport is minted by the gateway on every
 * routed request and verified by the service on every request it receives, so both sides are on the
 * per-request path. Each scheme mints a passport with the same header ({@code typ}, {@code kid}) and the same
 * claims as {@link PassportSigner}, and verifies it the way {@link PassportVerifier} does: parse, header
 * check, signature, claims, issuer, audience, time window, request binding.
 *
 * <ul>
 *   <li>{@code HS256-passport}: today's classes, {@link PassportSigner} and {@link PassportVerifier} (one HMAC
 *       key per audience), the baseline;
 *   <li>{@code HS256}: the same through this class's generic nimbus code, to show the generic harness costs what
 *       the real classes cost (so the asymmetric rows compare like with like);
 *   <li>{@code Ed25519-JDK}: EdDSA with the JDK 17 {@code SunEC} provider ({@code Signature "Ed25519"}) behind a
 *       small nimbus {@link JWSSigner}/{@link JWSVerifier} adapter, nimbus having no JDK-provider EdDSA;
 *   <li>{@code EdDSA-Tink}: nimbus's own Ed25519 (built on Tink), for reference;
 *   <li>{@code ES256-JDK} and {@code ES256-BC}: ECDSA P-256 through nimbus with the JDK's provider and with
 *       Bouncy Castle.
 * </ul>
 *
 * <p>An asymmetric passport would let every service verify with one public key of the gateway; the figures say
 * what that costs per request. Run with {@code -prof gc} for bytes allocated per operation.
 */
public class PassportSchemeBenchmarks extends BenchmarkFixture {

    private static final String AUDIENCE = "forum-service";

    private static final String METHOD = "POST";

    private static final String PATH = "/threads/42/posts";

    @Param({"HS256-passport", "HS256", "Ed25519-JDK", "EdDSA-Tink", "ES256-JDK", "ES256-BC"})
    public String scheme;

    private Passport caller;

    private String clientAddress;

    // Today's classes (HS256-passport).
    private PassportSigner passportSigner;

    private PassportVerifier passportVerifier;

    // The generic path (every other scheme).
    private JWSHeader header;

    private JWSSigner signer;

    private JWSVerifier verifier;

    private String passport;

    @Setup
    public void setUp() throws Exception {
        this.caller = randomCaller();
        this.clientAddress = "203.0.113.7";
        String kid = "k" + UUID.randomUUID().toString().substring(0, 7);
        switch (this.scheme) {
            case "HS256-passport" -> {
                PassportSecrets secrets = PassportSecrets.of(List.of(randomSecret()));
                this.passportSigner = new PassportSigner(secrets);
                this.passportVerifier = new PassportVerifier(secrets, AUDIENCE);
            }
            case "HS256" -> {
                byte[] secret = Base64.getDecoder().decode(randomSecret());
                use(JWSAlgorithm.HS256, kid, new MACSigner(secret), new MACVerifier(secret));
            }
            case "Ed25519-JDK" -> {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                use(JWSAlgorithm.EdDSA, kid, new JdkEd25519Signer(pair), new JdkEd25519Verifier(pair));
            }
            case "EdDSA-Tink" -> {
                OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).generate();
                use(JWSAlgorithm.EdDSA, kid, new Ed25519Signer(key), new Ed25519Verifier(key.toPublicJWK()));
            }
            case "ES256-JDK", "ES256-BC" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).generate();
                ECDSASigner ecSigner = new ECDSASigner(key);
                ECDSAVerifier ecVerifier = new ECDSAVerifier(key.toPublicJWK());
                if (this.scheme.endsWith("BC")) {
                    ecSigner.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                    ecVerifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                }
                use(JWSAlgorithm.ES256, kid, ecSigner, ecVerifier);
            }
            default -> throw new IllegalArgumentException(this.scheme);
        }
        this.passport = mint();
        // A benchmark that measured a refusal would be meaningless: check the round trip once.
        if (!verify().isAuthenticated()) {
            throw new IllegalStateException("round trip failed for " + this.scheme);
        }
    }

    private void use(JWSAlgorithm algorithm, String kid, JWSSigner signer, JWSVerifier verifier) {
        this.header = new JWSHeader.Builder(algorithm)
                .type(new JOSEObjectType(PassportSigner.TYPE))
                .keyID(kid)
                .build();
        this.signer = signer;
        this.verifier = verifier;
    }

    /** The gateway's side: one passport per routed request. */
    @Benchmark
    public String mint() throws JOSEException {
        if (this.passportSigner != null) {
            return this.passportSigner.sign(this.caller, AUDIENCE, METHOD, PATH, this.clientAddress);
        }
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(PassportSigner.ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(PassportSigner.DEFAULT_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("req", binding(METHOD, PATH))
                .claim("cip", this.clientAddress)
                .subject(this.caller.userId())
                .claim("preferred_username", this.caller.username())
                .claim("roles", new ArrayList<>(this.caller.roles()))
                .claim("sid", this.caller.sessionId())
                .claim("tjti", this.caller.tokenId())
                .build();
        SignedJWT jwt = new SignedJWT(this.header, claims);
        jwt.sign(this.signer);
        return jwt.serialize();
    }

    /** The service's side: one verification per request it receives. */
    @Benchmark
    public Passport verify() throws PassportException, ParseException, JOSEException {
        if (this.passportVerifier != null) {
            return this.passportVerifier.verify(this.passport, METHOD, PATH);
        }
        SignedJWT jwt = SignedJWT.parse(this.passport);
        JWSHeader parsed = jwt.getHeader();
        if (!this.header.getAlgorithm().equals(parsed.getAlgorithm())
                || !PassportSigner.TYPE.equals(parsed.getType().getType())
                || !this.header.getKeyID().equals(parsed.getKeyID())
                || !jwt.verify(this.verifier)) {
            throw new IllegalStateException("refused");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        Instant now = Instant.now();
        if (!PassportSigner.ISSUER.equals(claims.getIssuer())
                || !List.of(AUDIENCE).equals(claims.getAudience())
                || now.isAfter(claims.getExpirationTime().toInstant().plusSeconds(5))
                || claims.getIssueTime().toInstant().isAfter(now.plusSeconds(5))
                || !binding(METHOD, PATH).equals(claims.getStringClaim("req"))) {
            throw new IllegalStateException("refused");
        }
        return new Passport(
                claims.getSubject(),
                claims.getStringClaim("preferred_username"),
                Set.copyOf(claims.getStringListClaim("roles")),
                claims.getStringClaim("sid"),
                claims.getStringClaim("tjti"),
                claims.getIssueTime().toInstant(),
                claims.getExpirationTime().toInstant(),
                AUDIENCE,
                claims.getStringClaim("cip"));
    }

    /** The {@code req} claim, as the passport module computes it (its class is package-private). */
    private static String binding(String method, String path) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((method + " " + path).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * EdDSA (Ed25519) with the JDK's own provider. nimbus only offers Ed25519 through Tink; this adapter is the
     * few lines a gateway would need to use the JDK instead. One {@link Signature} per instance, reused (JMH
     * runs one thread; a real signer would hold one per thread), which is the cheapest way to use it.
     */
    private static final class JdkEd25519Signer extends JdkEd25519 implements JWSSigner {

        JdkEd25519Signer(KeyPair pair) throws GeneralSecurityException {
            this.signature.initSign(pair.getPrivate());
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                this.signature.update(signingInput);
                return Base64URL.encode(this.signature.sign());
            } catch (GeneralSecurityException ex) {
                throw new JOSEException(ex.getMessage(), ex);
            }
        }
    }

    /** The verifying half of {@link JdkEd25519Signer}. */
    private static final class JdkEd25519Verifier extends JdkEd25519 implements JWSVerifier {

        JdkEd25519Verifier(KeyPair pair) throws GeneralSecurityException {
            this.signature.initVerify(pair.getPublic());
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signedContent) throws JOSEException {
            try {
                this.signature.update(signingInput);
                return this.signature.verify(signedContent.decode());
            } catch (GeneralSecurityException ex) {
                throw new JOSEException(ex.getMessage(), ex);
            }
        }
    }

    /** What {@link JdkEd25519Signer} and {@link JdkEd25519Verifier} share: the algorithm and nimbus's plumbing. */
    private abstract static class JdkEd25519 implements JWSProvider {

        private final JCAContext context = new JCAContext();

        final Signature signature;

        JdkEd25519() throws GeneralSecurityException {
            this.signature = Signature.getInstance("Ed25519");
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return this.context;
        }
    }
}
