package dev.tessera.passport;

import static dev.tessera.passport.PassportException.because;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.passport.PassportException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies passports for one service (its audience). Pure computation: no network, no storage, a few
 * microseconds per call. Thread-safe.
 *
 * <p>A passport is accepted only if it is at most {@value #MAX_LENGTH} characters long; a compact JWS
 * with header {@code alg: HS256}, {@code typ: passport+jwt} and no {@code crit}; signed with one of the
 * configured secrets (selected by {@code kid} when present); issued by {@value PassportSigner#ISSUER}
 * for this service's audience; within {@code iat - skew .. exp + skew} with a lifetime of at most one
 * minute; and bound ({@code req}) to the method and raw path of the request that carries it.
 */
public final class PassportVerifier {

    /** Longest accepted passport, in characters. */
    public static final int MAX_LENGTH = 8 * 1024;

    /** Default allowed clock skew between the gateway and this service. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

    static final Duration MAX_LIFETIME = Duration.ofMinutes(1);

    static final String REQUEST_CLAIM = "req";

    static final String CLIENT_ADDRESS_CLAIM = "cip";

    static final String PERMISSIONS_CLAIM = "perm";

    private final Map<String, MACVerifier> verifiers;
    private final String audience;
    private final Clock clock;
    private final Duration clockSkew;

    /**
     * A verifier with the system clock and a 5 s skew.
     *
     * @param secrets the secrets; any of them verifies
     * @param audience this service's name, e.g. {@code forum-service}
     */
    public PassportVerifier(PassportSecrets secrets, String audience) {
        this(secrets, audience, Clock.systemUTC(), DEFAULT_CLOCK_SKEW);
    }

    /**
     * A verifier.
     *
     * @param secrets the secrets; any of them verifies
     * @param audience this service's name, e.g. {@code forum-service}
     * @param clock the clock
     * @param clockSkew the allowed clock skew, at most 30 s
     */
    public PassportVerifier(PassportSecrets secrets, String audience, Clock clock, Duration clockSkew) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("The passport audience (this service's name) is required");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("Passport clock skew must be in [0, 30s]");
        }
        Map<String, MACVerifier> byKeyId = new LinkedHashMap<>();
        for (PassportSecrets.Secret secret : secrets.all()) {
            try {
                byKeyId.putIfAbsent(secret.keyId(), new MACVerifier(secret.bytes()));
            } catch (JOSEException ex) {
                throw new IllegalArgumentException("Passport secret refused: " + ex.getMessage(), ex);
            }
        }
        this.verifiers = Map.copyOf(byKeyId);
        this.audience = audience;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = clockSkew;
    }

    /**
     * The audience this verifier accepts.
     *
     * @return this service's name
     */
    public String audience() {
        return audience;
    }

    /**
     * Verifies a passport for the request that carries it.
     *
     * @param token the {@value PassportSigner#HEADER} header value, may be {@code null}
     * @param method the request's HTTP method
     * @param path the request's raw path as received (no decoding), without query
     * @return the caller, authenticated or anonymous, never {@code null}
     * @throws PassportException if the passport is refused
     */
    public Passport verify(String token, String method, String path) throws PassportException {
        if (token == null || token.isEmpty()) {
            throw because(Reason.MISSING, "No passport");
        }
        if (token.length() > MAX_LENGTH) {
            throw because(Reason.OVERSIZE, "Passport longer than " + MAX_LENGTH);
        }
        SignedJWT jwt = parse(token);
        checkHeader(jwt.getHeader());
        checkSignature(jwt);
        JWTClaimsSet claims = claims(jwt);
        try {
            return toPassport(claims, method, path);
        } catch (ParseException | ClassCastException ex) {
            throw because(Reason.MALFORMED, "Passport claims of the wrong type");
        }
    }

    private static SignedJWT parse(String token) throws PassportException {
        // A compact JWS has exactly two dots; counting first keeps garbage cheap.
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.' && ++dots > 2) {
                break;
            }
        }
        if (dots != 2) {
            throw because(Reason.MALFORMED, "Not a compact JWS");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException ex) {
            throw because(Reason.MALFORMED, "Not a compact JWS");
        }
    }

    private static void checkHeader(JWSHeader header) throws PassportException {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw because(Reason.UNSUPPORTED_HEADER, "Algorithm not HS256");
        }
        if (header.getType() == null
                || !PassportSigner.TYPE.equals(header.getType().getType())) {
            throw because(Reason.UNSUPPORTED_HEADER, "typ not " + PassportSigner.TYPE);
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw because(Reason.UNSUPPORTED_HEADER, "crit not supported");
        }
    }

    private void checkSignature(SignedJWT jwt) throws PassportException {
        String keyId = jwt.getHeader().getKeyID();
        try {
            if (keyId != null) {
                MACVerifier verifier = verifiers.get(keyId);
                if (verifier != null && jwt.verify(verifier)) {
                    return;
                }
                throw because(Reason.BAD_SIGNATURE, "Bad signature");
            }
            for (MACVerifier verifier : verifiers.values()) {
                if (jwt.verify(verifier)) {
                    return;
                }
            }
        } catch (JOSEException | RuntimeException ex) {
            throw because(Reason.BAD_SIGNATURE, "Bad signature");
        }
        throw because(Reason.BAD_SIGNATURE, "Bad signature");
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws PassportException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException ex) {
            throw because(Reason.MALFORMED, "Claims not a JSON object");
        }
    }

    private Passport toPassport(JWTClaimsSet claims, String method, String path)
            throws PassportException, ParseException {
        if (!PassportSigner.ISSUER.equals(claims.getStringClaim("iss"))) {
            throw because(Reason.WRONG_ISSUER, "Wrong issuer");
        }
        List<String> audiences = claims.getAudience();
        if (audiences.size() != 1 || !audience.equals(audiences.get(0))) {
            throw because(Reason.WRONG_AUDIENCE, "Wrong audience");
        }
        Date issued = claims.getIssueTime();
        Date expires = claims.getExpirationTime();
        if (issued == null || expires == null) {
            throw because(Reason.MALFORMED, "iat and exp are required");
        }
        Instant issuedAt = issued.toInstant();
        Instant expiresAt = expires.toInstant();
        Instant now = clock.instant();
        if (now.isAfter(expiresAt.plus(clockSkew))) {
            throw because(Reason.EXPIRED, "Expired");
        }
        if (issuedAt.isAfter(now.plus(clockSkew))
                || expiresAt.isBefore(issuedAt)
                || Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw because(Reason.NOT_YET_VALID, "Issued in the future or lifetime too long");
        }
        String binding = claims.getStringClaim(REQUEST_CLAIM);
        if (binding == null || method == null || path == null || !binding.equals(RequestBinding.of(method, path))) {
            throw because(Reason.WRONG_REQUEST, "Bound to another request");
        }
        String clientAddress = claims.getStringClaim(CLIENT_ADDRESS_CLAIM);
        if (clientAddress != null && !ClientAddresses.isLiteral(clientAddress)) {
            throw because(Reason.MALFORMED, "cip is not an IP address literal");
        }
        String subject = claims.getSubject();
        Boolean anonymous = claims.getBooleanClaim("anon");
        if (Boolean.TRUE.equals(anonymous)) {
            if (subject != null) {
                throw because(Reason.MALFORMED, "Anonymous passport with a subject");
            }
            return new Passport(null, null, Set.of(), null, null, issuedAt, expiresAt, audience, clientAddress);
        }
        if (subject == null || subject.isBlank()) {
            throw because(Reason.MALFORMED, "No subject");
        }
        List<String> roleList = claims.getStringListClaim("roles");
        Set<String> roles = new LinkedHashSet<>();
        if (roleList != null) {
            for (String role : roleList) {
                if (role == null) {
                    throw because(Reason.MALFORMED, "Null role");
                }
                roles.add(role);
            }
        }
        List<String> methods = claims.getStringListClaim("amr");
        if (methods != null && methods.contains(null)) {
            throw because(Reason.MALFORMED, "Null authentication method");
        }
        Date authTime = claims.getDateClaim("auth_time");
        List<String> permissions = claims.getStringListClaim(PERMISSIONS_CLAIM);
        if (permissions != null && permissions.contains(null)) {
            throw because(Reason.MALFORMED, "Null permission");
        }
        if (permissions != null && permissions.size() > Passport.MAX_PERMISSIONS) {
            throw because(Reason.MALFORMED, "More than " + Passport.MAX_PERMISSIONS + " permissions");
        }
        return new Passport(
                subject,
                claims.getStringClaim("preferred_username"),
                roles,
                claims.getStringClaim("sid"),
                claims.getStringClaim("tjti"),
                issuedAt,
                expiresAt,
                audience,
                clientAddress,
                methods,
                (authTime != null) ? authTime.toInstant() : null,
                (permissions != null) ? Set.copyOf(permissions) : Set.of());
    }
}
