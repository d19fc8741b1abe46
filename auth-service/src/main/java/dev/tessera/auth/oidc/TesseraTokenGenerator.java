package dev.tessera.auth.oidc;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.keys.ActiveSigningKey;
import dev.tessera.auth.keys.SigningKeys;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.token.AccessTokenIssuer;
import dev.tessera.auth.token.IssuedAccessToken;
import dev.tessera.auth.token.SignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The tokens of the authorization code grant. Access tokens are Tessera's own ({@link AccessTokenIssuer}: the same
 * RFC 9068 format, audience and lifetime as every user token, {@code client_id} = the client, {@code sid} = the
 * Tessera session the user authorized from), so the gateway and every resource server accept them unchanged and the
 * revocation feed ends them with that session. ID tokens are Spring Authorization Server's ({@link JwtGenerator}:
 * {@code iss}, {@code sub}, {@code aud}, {@code azp}, {@code nonce}, {@code iat}, {@code exp}, {@code jti}), signed
 * with Tessera's current key through Tessera's key store, plus {@code sid} (the Tessera session, the same value access
 * tokens carry), {@code auth_time} (when that session's login happened: a family is started only by a password login,
 * so its creation time is the authentication time) and {@code preferred_username}. No refresh tokens: the client
 * sends the user back to {@code /authorize}, which needs no password while the Tessera session lives.
 *
 * <p>The account and the session are checked again at the exchange: a disabled account or an ended session (logout
 * between authorize and token) gets {@code invalid_grant} instead of tokens.
 */
final class TesseraTokenGenerator implements OAuth2TokenGenerator<OAuth2Token> {

    private final AccessTokenIssuer accessTokens;

    private final AccountService accounts;

    private final RefreshTokenService sessions;

    private final JwtGenerator idTokens;

    TesseraTokenGenerator(
            AccessTokenIssuer accessTokens,
            AccountService accounts,
            RefreshTokenService sessions,
            JwtEncoder encoder,
            SigningKeys keys,
            Duration idTokenLifetime) {
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.sessions = sessions;
        this.idTokens = new JwtGenerator(encoder);
        this.idTokens.setJwtCustomizer(context -> customizeIdToken(context, keys, idTokenLifetime));
    }

    @Override
    public OAuth2Token generate(OAuth2TokenContext context) {
        if (context.getTokenType() == null) {
            return null;
        }
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            Session session = session(context.getPrincipal());
            IssuedAccessToken token = this.accessTokens.issue(
                    session.account(),
                    session.sid(),
                    context.getRegisteredClient().getClientId(),
                    session.signIn());
            return new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER,
                    token.value(),
                    token.issuedAt(),
                    token.expiresAt(),
                    context.getAuthorizedScopes());
        }
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return this.idTokens.generate(context);
        }
        return null;
    }

    private void customizeIdToken(JwtEncodingContext context, SigningKeys keys, Duration lifetime) {
        Session session = session(context.getPrincipal());
        ActiveSigningKey key = keys.current();
        context.getJwsHeader()
                .algorithm(SignatureAlgorithm.from(key.algorithm().jws().getName()))
                .keyId(key.kid());
        context.getClaims().claims(claims -> {
            Instant issuedAt = (Instant) claims.get("iat");
            claims.put("exp", issuedAt.plus(lifetime));
            claims.put("sid", session.sid().toString());
            // A Date: written as a JSON number of seconds (OpenID Connect Core 2), and one of the types Spring
            // Authorization Server may read back from its store (as its own auth_time is).
            claims.put("auth_time", Date.from(session.signIn().at()));
            // OpenID Connect Core 2: how the user authenticated, the same RFC 8176 values as the access token's. An
            // ArrayList: Spring Authorization Server stores these claims and reads back only allow-listed types (an
            // immutable List.of is refused at the next read, userinfo).
            claims.put("amr", new ArrayList<>(session.signIn().methods()));
            claims.put("preferred_username", session.account().username());
        });
    }

    private Session session(Authentication principal) {
        UUID sid = PassportPrincipalFilter.sessionOf(principal);
        UUID userId;
        try {
            userId = UUID.fromString(principal.getName());
        } catch (IllegalArgumentException ex) {
            throw invalidGrant();
        }
        if (sid == null) {
            throw invalidGrant();
        }
        AccountIdentity account = this.accounts.findActive(userId).orElseThrow(TesseraTokenGenerator::invalidGrant);
        SignIn signIn = this.sessions.signIn(sid, userId).orElseThrow(TesseraTokenGenerator::invalidGrant);
        return new Session(account, sid, signIn);
    }

    private static OAuth2AuthenticationException invalidGrant() {
        return new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The user's session has ended.", null));
    }

    private record Session(AccountIdentity account, UUID sid, SignIn signIn) {}
}
