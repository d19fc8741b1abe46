package dev.tessera.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.keys.ActiveSigningKey;
import dev.tessera.auth.keys.SigningKeys;
import dev.tessera.auth.revocation.Revocations;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens as docs/contracts.md defines them: header {@code alg}, {@code kid}, {@code typ:
 * at+jwt} (RFC 9068); claims {@code iss}, {@code sub}, {@code aud}, {@code client_id} (the first-party client,
 * {@code tessera.auth.token.first-party-client-id}: the login and refresh endpoints serve only Tessera's own
 * clients), {@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code preferred_username}, {@code roles}, {@code
 * sid}, {@code amr} (RFC 8176: {@code ["pwd"]}, or {@code ["pwd", "otp"]} after a second factor) and {@code
 * auth_time} (epoch seconds of the login that started the session; a refresh keeps both, from the refresh family).
 * RFC 9068's optional {@code acr} is left out: Tessera defines no authentication context classes.
 */
@Component
public class AccessTokenIssuer {

    public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;

    private final TokenProperties properties;

    private final Clock clock;

    private final Revocations revocations;

    AccessTokenIssuer(SigningKeys keys, TokenProperties properties, Clock clock, Revocations revocations) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.revocations = revocations;
    }

    public IssuedAccessToken issue(AccountIdentity account, UUID familyId, SignIn signIn) {
        return issue(account, familyId, this.properties.firstPartyClientId(), signIn);
    }

    /**
     * A user token for another client (the OpenID Provider's authorization code grant): the same format, audience and
     * lifetime as every user token, with {@code client_id} naming that client. {@code familyId} is the Tessera session
     * the user authorized the client from, so ending that session (logout, revocation) ends these tokens too.
     */
    public IssuedAccessToken issue(AccountIdentity account, UUID familyId, String clientId, SignIn signIn) {
        ActiveSigningKey key = this.keys.current();
        // JWT times are whole seconds; truncate so exp - iat is exactly the configured lifetime.
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        // Dated at a user-level revocation's not-before when one was recorded within this second, so the
        // gateway does not refuse a token issued just after it (iat at most one second ahead; nbf stays now).
        Instant issuedAt = this.revocations.issuedAtFor(account.id(), now);
        Instant expiresAt = issuedAt.plus(this.properties.lifetime());
        JWSHeader header = new JWSHeader.Builder(key.algorithm().jws())
                .keyID(key.kid())
                .type(ACCESS_TOKEN_TYPE)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(this.properties.issuer())
                .subject(account.id().toString())
                .audience(this.properties.audience())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .claim("preferred_username", account.username())
                .claim("roles", account.roleNames())
                .claim("sid", familyId.toString())
                .claim("amr", signIn.methods())
                .claim("auth_time", signIn.at().getEpochSecond())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign an access token with key " + key.kid(), ex);
        }
        return new IssuedAccessToken(jwt.serialize(), now, expiresAt);
    }
}
