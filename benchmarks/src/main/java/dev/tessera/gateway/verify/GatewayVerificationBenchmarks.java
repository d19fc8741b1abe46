package dev.tessera.gateway.verify;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.benchmarks.BenchmarkFixture;
import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.revocation.RevocationList;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway's per-request work for a request with an access token, with the gateway's own classes: take
 * the token from the {@code Authorization} header, verify it ({@link AccessTokenVerifier}: shape, header
 * policy, key by {@code kid} from the fetched JWKS, RS256 signature, claims, revocation list), and mint the
 * passport for the upstream call. Three variants:
 *
 * <ul>
 *   <li>{@code firstSight}: a token the gateway has not seen before (verified-token cache off, so every call
 *       does the whole verification);
 *   <li>{@code cached}: the same token again (the usual case: a client sends its token many times), a cache hit
 *       that still checks expiry, key presence and revocation;
 *   <li>{@code springSecurity}: the same work done by Spring Security's {@code NimbusReactiveJwtDecoder} with
 *       Tessera's checks after it ({@link SpringSecurityTokenVerifier}, the gateway's comparison mode).
 * </ul>
 *
 * <p>The JWKS is fetched once over loopback HTTP from a JDK server in the set-up, as the gateway does from
 * auth-service; no key fetch happens inside a measured call.
 */
public class GatewayVerificationBenchmarks extends BenchmarkFixture {

    private static final String ISSUER = "http://localhost:8080";

    private HttpServer jwksServer;

    private JwksCache keys;

    private AccessTokenVerifier uncached;

    private AccessTokenVerifier cached;

    private SpringSecurityTokenVerifier springSecurity;

    private PassportSigner signer;

    private String authorization;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyIDFromThumbprint(true)
                .generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        URI jwksUri = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json");

        JwtProperties withCache = properties(jwksUri, 10_000);
        keys = new JwksCache(jwksUri, JWSAlgorithm.RS256, withCache);
        keys.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!keys.loaded() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!keys.loaded()) {
            throw new IllegalStateException("the JWKS was not loaded");
        }
        RevocationList revocations = new RevocationList();
        uncached = new AccessTokenVerifier(keys, properties(jwksUri, 0), ISSUER, Clock.systemUTC(), revocations);
        cached = new AccessTokenVerifier(keys, withCache, ISSUER, Clock.systemUTC(), revocations);
        springSecurity = new SpringSecurityTokenVerifier(jwksUri, withCache, ISSUER, revocations, WebClient.builder());

        signer = new PassportSigner(PassportSecrets.of(List.of(randomSecret())));

        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("tessera")
                .subject(UUID.randomUUID().toString())
                .claim("preferred_username", "benchmark")
                .claim("roles", List.of("USER"))
                .claim("sid", UUID.randomUUID().toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(50))))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        authorization = "Bearer " + jwt.serialize();
        // Fail here, not with a misleading figure, if any verifier refuses the token.
        firstSight();
        cached();
        springSecurity();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
        jwksServer.stop(0);
    }

    @Benchmark
    public String firstSight() {
        return passport(uncached.verify(bearer(authorization)).block());
    }

    @Benchmark
    public String cached() {
        return passport(cached.verify(bearer(authorization)).block());
    }

    @Benchmark
    public String springSecurity() {
        return passport(springSecurity.verify(bearer(authorization)).block());
    }

    /** The header parsing the access filter does (scheme, one space, the token). */
    private static String bearer(String header) {
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new IllegalStateException("not a bearer header");
        }
        return header.substring(7);
    }

    private String passport(AccessToken token) {
        if (token == null) {
            throw new IllegalStateException("token refused");
        }
        Passport caller =
                Passport.caller(token.subject(), token.username(), token.roles(), token.sessionId(), token.tokenId());
        return signer.sign(caller, "forum-service", "POST", "/threads");
    }

    private static JwtProperties properties(URI jwksUri, int cacheSize) {
        return new JwtProperties(
                JwtProperties.Algorithm.RS256,
                "tessera",
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                8192,
                jwksUri,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                cacheSize,
                "tessera_access");
    }
}
