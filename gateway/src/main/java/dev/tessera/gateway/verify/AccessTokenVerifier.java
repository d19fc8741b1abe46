package dev.tessera.gateway.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.revocation.RevocationList;
import io.micrometer.core.instrument.MeterRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Verifies access tokens locally (RFC 8725, RFC 9068): nothing is looked up remotely per request.
 *
 * <p>Order matters: size and shape first (cheap, no allocation storm for garbage); then the header
 * ({@code alg} must be exactly the configured one, so {@code none}, HS* and every other algorithm are
 * refused before any key is touched; {@code typ} must be {@code at+jwt}; {@code jwk}, {@code jku}, {@code
 * x5u}, {@code x5c} and any {@code crit} are refused, never honoured); then the key by {@code kid} from
 * the cached JWKS (an unknown {@code kid} may trigger one rate-limited refresh); then the signature;
 * then the claims ({@code iss} exact, {@code aud}, {@code sub}, {@code exp}, {@code iat}, {@code nbf},
 * lifetime). Verified tokens are cached by their SHA-256; on a hit the time checks and the key's
 * continued presence in the JWKS are still checked.
 */
public final class AccessTokenVerifier implements TokenVerifier {

    private static final String TYPE = "at+jwt";

    /**
     * RFC 9068's claim naming the client a token was issued to. Every Tessera token carries it: user tokens name the
     * first-party client ({@code tessera-web}), machine tokens (client credentials) the client itself, which RFC 9068
     * section 2.2 also makes their {@code sub}. So {@code sub == client_id} is what marks a machine token.
     */
    static final String CLIENT_ID = "client_id";

    /** The {@code cache} tag of the verified-token cache's meters. */
    static final String CACHE_NAME = "tessera.gateway.verified.tokens";

    private final JwksCache keys;
    private final AccessTokenCache cache;
    private final JWSAlgorithm algorithm;
    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Duration maxLifetime;
    private final int maxLength;
    private final Clock clock;
    private final RevocationList revocations;
    private final TokenOutcomes outcomes = new TokenOutcomes();

    AccessTokenVerifier(JwksCache keys, JwtProperties properties, String issuer, Clock clock) {
        this(keys, properties, issuer, clock, new RevocationList());
    }

    AccessTokenVerifier(
            JwksCache keys, JwtProperties properties, String issuer, Clock clock, RevocationList revocations) {
        this.revocations = revocations;
        this.keys = keys;
        this.cache = AccessTokenCache.untilExpiry(properties.cacheSize(), clock);
        this.algorithm = properties.algorithm().jws();
        this.issuer = issuer;
        this.audience = properties.audience();
        this.skew = properties.clockSkew();
        this.maxLifetime = properties.maxLifetime();
        this.maxLength = properties.maxTokenLength();
        this.clock = clock;
    }

    /**
     * Verifies a token. Errors: {@link TokenRejectedException} (401) or {@link KeysUnavailableException}
     * (503: no key set was ever loaded).
     */
    @Override
    public Mono<AccessToken> verify(String token) {
        return outcomes.counted(verifyUncounted(token));
    }

    /**
     * Counts verifications and rejections by reason from now on, and publishes the verified-token cache's meters as
     * {@code cache=}{@value #CACHE_NAME} (hits, misses, evictions).
     */
    void bindTo(MeterRegistry registry) {
        outcomes.bindTo(registry);
        cache.bindTo(registry, CACHE_NAME);
    }

    private Mono<AccessToken> verifyUncounted(String token) {
        Instant now = clock.instant();
        if (token.length() > maxLength) {
            return Mono.error(new TokenRejectedException("oversize"));
        }
        String cacheKey = AccessTokenCache.keyOf(token);
        AccessToken cached = cache.get(cacheKey);
        if (cached != null && keys.verifier(cached.keyId()) != null) {
            try {
                checkTime(cached, now);
                return Mono.just(cached);
            } catch (TokenRejectedException ex) {
                return Mono.error(ex);
            }
        }
        JWSObject jws;
        try {
            jws = parse(token);
        } catch (TokenRejectedException ex) {
            return Mono.error(ex);
        }
        String keyId = jws.getHeader().getKeyID();
        JWSVerifier verifier = keys.verifier(keyId);
        if (verifier != null) {
            return complete(jws, verifier, cacheKey);
        }
        return keys.refreshForUnknownKey().then(Mono.defer(() -> {
            JWSVerifier refreshed = keys.verifier(keyId);
            if (refreshed != null) {
                return complete(jws, refreshed, cacheKey);
            }
            return Mono.error(
                    keys.loaded() ? new TokenRejectedException("unknown kid") : new KeysUnavailableException());
        }));
    }

    int cacheSize() {
        return cache.size();
    }

    private Mono<AccessToken> complete(JWSObject jws, JWSVerifier verifier, String cacheKey) {
        try {
            AccessToken verified = verifySignatureAndClaims(jws, verifier, clock.instant());
            cache.put(cacheKey, verified);
            return Mono.just(verified);
        } catch (TokenRejectedException ex) {
            return Mono.error(ex);
        }
    }

    private JWSObject parse(String token) throws TokenRejectedException {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw new TokenRejectedException("not base64url");
            }
        }
        if (dots != 2) {
            throw new TokenRejectedException("not a compact JWS");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException | RuntimeException | StackOverflowError ex) {
            throw new TokenRejectedException("unparseable");
        }
        JWSHeader header = jws.getHeader();
        if (!algorithm.equals(header.getAlgorithm())) {
            throw new TokenRejectedException("algorithm not allowed");
        }
        if (header.getType() == null || !isAccessTokenType(header.getType().getType())) {
            throw new TokenRejectedException("typ not at+jwt");
        }
        if (header.getJWK() != null
                || header.getJWKURL() != null
                || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            throw new TokenRejectedException("key material in header");
        }
        if (header.getCriticalParams() != null) {
            throw new TokenRejectedException("crit not understood");
        }
        String keyId = header.getKeyID();
        if (keyId == null || keyId.isEmpty() || keyId.length() > 256) {
            throw new TokenRejectedException("bad kid");
        }
        return jws;
    }

    private static boolean isAccessTokenType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return TYPE.equals(lower) || ("application/" + TYPE).equals(lower);
    }

    /**
     * Whether the claims are those of a machine token: {@code client_id} equal to {@code sub} (RFC 9068 section 2.2,
     * client credentials). A {@code client_id} that is not a non-empty string is treated as one too: no Tessera
     * token has it, so it is refused rather than guessed at.
     */
    static boolean isMachineToken(Object clientId, Object subject) {
        if (clientId == null) {
            return false;
        }
        return !(clientId instanceof String value) || value.isBlank() || value.equals(subject);
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private AccessToken verifySignatureAndClaims(JWSObject jws, JWSVerifier verifier, Instant now)
            throws TokenRejectedException {
        try {
            if (!jws.verify(verifier)) {
                throw new TokenRejectedException("bad signature");
            }
        } catch (JOSEException | RuntimeException ex) {
            throw new TokenRejectedException("bad signature");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(jws.getPayload().toJSONObject());
        } catch (ParseException | RuntimeException | StackOverflowError ex) {
            throw new TokenRejectedException("claims unparseable");
        }
        if (claims == null) {
            throw new TokenRejectedException("claims unparseable");
        }
        AccessToken token;
        try {
            Object iss = claims.getClaim("iss");
            if (!(iss instanceof String value) || !issuer.equals(value)) {
                throw new TokenRejectedException("wrong issuer");
            }
            List<String> audiences = claims.getAudience();
            if (audiences == null || !audiences.contains(audience)) {
                throw new TokenRejectedException("wrong audience");
            }
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new TokenRejectedException("no subject");
            }
            if (isMachineToken(claims.getClaim(CLIENT_ID), subject)) {
                // A machine token (client credentials) speaks for a client, never for a user. auth-service
                // never issues one for the user-token audience; this is the second wall if it ever did.
                throw new TokenRejectedException("machine token");
            }
            Date expires = claims.getExpirationTime();
            Date issued = claims.getIssueTime();
            if (expires == null || issued == null) {
                throw new TokenRejectedException("exp and iat are required");
            }
            if (Duration.between(issued.toInstant(), expires.toInstant()).compareTo(maxLifetime) > 0) {
                throw new TokenRejectedException("lifetime too long");
            }
            List<String> roles = claims.getStringListClaim("roles");
            List<String> methods = claims.getStringListClaim("amr");
            Date authTime = claims.getDateClaim("auth_time");
            Date notBefore = claims.getNotBeforeTime();
            token = new AccessToken(
                    subject,
                    claims.getStringClaim("preferred_username"),
                    (roles != null) ? Set.copyOf(roles) : Set.of(),
                    claims.getStringClaim("sid"),
                    claims.getJWTID(),
                    issued.toInstant(),
                    (notBefore != null) ? notBefore.toInstant() : null,
                    expires.toInstant(),
                    jws.getHeader().getKeyID(),
                    methods,
                    (authTime != null) ? authTime.toInstant() : null);
        } catch (ParseException | RuntimeException ex) {
            throw new TokenRejectedException("claim of the wrong type");
        }
        checkTime(token, now);
        return token;
    }

    private void checkTime(AccessToken token, Instant now) throws TokenRejectedException {
        if (now.isAfter(token.expiresAt().plus(skew))) {
            throw new TokenRejectedException("expired");
        }
        if (token.notBefore() != null && now.plus(skew).isBefore(token.notBefore())) {
            throw new TokenRejectedException("not yet valid");
        }
        if (token.issuedAt().isAfter(now.plus(skew))) {
            throw new TokenRejectedException("issued in the future");
        }
        // Runs on cache hits too: a revocation from the feed applies to tokens verified before it arrived.
        if (revocations.isRevoked(token.subject(), token.sessionId(), token.issuedAt())) {
            throw new TokenRejectedException("revoked");
        }
    }
}
