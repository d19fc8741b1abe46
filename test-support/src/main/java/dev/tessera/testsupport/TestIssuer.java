package dev.tessera.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * auth-service's token side for tests of other modules: an RSA signing key, a real HTTP key-set endpoint on a free
 * loopback port, and access tokens signed as auth-service signs them (RFC 9068). Start one per test JVM and close it
 * at the end.
 */
public final class TestIssuer implements AutoCloseable {

    /** The issuer the tokens name. */
    public static final String ISSUER = "http://issuer.test";

    private final RSAKey key;

    private final HttpServer server;

    private final AtomicInteger fetches = new AtomicInteger();

    private TestIssuer(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    /**
     * Starts the key-set endpoint with a fresh RSA-2048 key.
     *
     * @return the issuer
     */
    public static TestIssuer start() {
        try {
            RSAKey key =
                    new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestIssuer issuer = new TestIssuer(key, server);
            server.createContext("/.well-known/jwks.json", exchange -> {
                issuer.fetches.incrementAndGet();
                byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return issuer;
        } catch (IOException | JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The key-set URI.
     *
     * @return e.g. {@code http://127.0.0.1:41234/.well-known/jwks.json}
     */
    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /**
     * How often the key set was fetched.
     *
     * @return the count
     */
    public int fetches() {
        return fetches.get();
    }

    /**
     * A machine token of the client credentials grant: {@code sub} and {@code client_id} the client, five minutes.
     *
     * @param clientId the client
     * @param audience the service it is for
     * @param scope the space-separated scopes, or {@code null}
     * @return the compact JWS
     */
    public String machineToken(String clientId, String audience, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(clientId)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return sign(claims.build());
    }

    /**
     * A user's access token, as auth-service issues at login: {@code client_id} is Tessera's own web client ({@code
     * tessera-web}, RFC 9068), {@code sub} the user, so a service that takes machine tokens only must refuse it for
     * {@code sub != client_id}, not for a missing claim.
     *
     * @param userId the user
     * @param audience the audience
     * @return the compact JWS
     */
    public String userToken(String userId, String audience) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", java.util.List.of("USER", "ADMIN"))
                .claim("client_id", "tessera-web")
                .build());
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(new JOSEObjectType("at+jwt"))
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
