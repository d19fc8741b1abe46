package dev.tessera.auth.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.keys.ActiveSigningKey;
import dev.tessera.auth.keys.SigningKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs machine tokens (RFC 9068 JWT access tokens of the client credentials grant) with the key that signs user
 * tokens now, so they verify against the same published key set: header {@code alg}, {@code kid}, {@code typ:
 * at+jwt}; claims {@code iss} (the issuer of user tokens), {@code aud} (the one audience asked for, never the user
 * tokens' audience), {@code sub} and {@code client_id} (both the client id), {@code scope}, {@code iat}, {@code exp},
 * {@code jti}. There is no {@code sid}, {@code roles} or {@code preferred_username}: nothing here names a user.
 */
@Component
class MachineTokenIssuer {

    private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;

    private final TokenProperties tokens;

    private final ClientTokenProperties properties;

    private final Clock clock;

    MachineTokenIssuer(SigningKeys keys, TokenProperties tokens, ClientTokenProperties properties, Clock clock) {
        this.keys = keys;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    Issued issue(String clientId, String audience, String scope) {
        if (audience.equals(this.tokens.audience())) {
            // Registration refuses it too; a token for this audience would pass the gateway as a user's.
            throw new IllegalStateException("Refusing to sign a machine token for the user-token audience");
        }
        ActiveSigningKey key = this.keys.current();
        // Whole seconds, so exp - iat is exactly the lifetime.
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        Instant expiresAt = now.plus(this.properties.lifetime());
        JWSHeader header = new JWSHeader.Builder(key.algorithm().jws())
                .keyID(key.kid())
                .type(ACCESS_TOKEN_TYPE)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(this.tokens.issuer())
                .subject(clientId)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .claim("scope", scope)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign a machine token with key " + key.kid(), ex);
        }
        return new Issued(jwt.serialize(), this.properties.lifetime().toSeconds());
    }

    /** A signed token and its lifetime in seconds. */
    record Issued(String token, long expiresIn) {

        @Override
        public String toString() {
            return "Issued[<redacted>, " + this.expiresIn + "s]";
        }
    }
}
