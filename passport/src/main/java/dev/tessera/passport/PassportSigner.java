package dev.tessera.passport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints passports (used by the gateway): a compact JWS, {@code HS256} with the first configured secret,
 * header {@code typ: passport+jwt} and {@code kid}, lifetime 30 s by default, audience the target
 * service, bound to one request by the {@code req} claim. Thread-safe.
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

    private final JWSHeader header;
    private final MACSigner signer;
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
        this.header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(TYPE))
                .keyID(secret.keyId())
                .build();
        try {
            this.signer = new MACSigner(secret.bytes());
        } catch (JOSEException ex) {
            throw new IllegalArgumentException("Passport secret refused: " + ex.getMessage(), ex);
        }
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
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(PassportVerifier.REQUEST_CLAIM, RequestBinding.of(method, path));
        if (clientAddress != null) {
            claims.claim(PassportVerifier.CLIENT_ADDRESS_CLAIM, clientAddress);
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
                // Sorted (the record keeps them so): one caller, one byte sequence, whatever the policy's order.
                claims.claim(PassportVerifier.PERMISSIONS_CLAIM, new ArrayList<>(caller.permissions()));
            }
        } else {
            claims.claim("anon", Boolean.TRUE);
        }
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign passport", ex);
        }
        return jwt.serialize();
    }
}
