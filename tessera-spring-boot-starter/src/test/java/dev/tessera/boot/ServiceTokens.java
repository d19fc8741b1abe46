package dev.tessera.boot;

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
 * auth-service's side of machine tokens, for tests: an RSA key published by a real HTTP key-set endpoint (which can
 * be made to fail), and tokens signed with it the way the client credentials grant issues them.
 */
final class ServiceTokens {

    static final String ISSUER = "http://issuer.test";

    static final String AUDIENCE = "notification-service";

    static final RSAKey KEY = generate("svc-key-1");

    static final RSAKey OTHER_KEY = generate("svc-key-1");

    private static final HttpServer SERVER = start();

    private static final AtomicInteger FETCHES = new AtomicInteger();

    private static volatile boolean down;

    private ServiceTokens() {}

    static String jwksUri() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/.well-known/jwks.json";
    }

    static int fetches() {
        return FETCHES.get();
    }

    static void down(boolean value) {
        down = value;
    }

    /** A valid machine token of {@code client} with these scopes. */
    static String token(String client, String scope) {
        return sign(KEY, header().build(), claims(client, scope).build());
    }

    static JWTClaimsSet.Builder claims(String client, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(client)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", client);
        return (scope != null) ? claims.claim("scope", scope) : claims;
    }

    static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(KEY.getKeyID());
    }

    static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                FETCHES.incrementAndGet();
                byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                if (down) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
