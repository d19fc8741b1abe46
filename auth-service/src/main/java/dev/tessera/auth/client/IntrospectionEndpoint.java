package dev.tessera.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.opaque.OpaqueSessions;
import dev.tessera.auth.token.AccessTokenIntrospection;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth 2.0 token introspection endpoint (RFC 7662) for both of Tessera's schemes: {@code POST
 * /auth/oauth2/introspect}, form-encoded {@code token} (and an optional {@code token_type_hint}, which changes
 * nothing: RFC 7662 section 2.1 has the server search every type it knows anyway), client authentication as at the
 * token endpoint ({@link ClientAuthentication}: {@code client_secret_basic} or {@code client_secret_post}, throttled,
 * audited, one {@code invalid_client} 401 for every failure). A JWT access token (user or machine) is judged by
 * {@link AccessTokenIntrospection}; anything else as a scheme A session token by {@link OpaqueSessions#active}, the
 * same logic as the gateway's internal {@code /internal/introspect}. A token that is not active, for whatever
 * reason, is {@code {"active": false}} with 200, never an error (RFC 7662 section 2.2); an active one carries the
 * standard members and, for a user, Tessera's {@code roles}.
 *
 * <p>Who may introspect: only a machine client registered with the scope {@value #SCOPE}; any other authenticated
 * client gets 403 {@code unauthorized_client}. Default deny, because an active answer tells the caller the user's
 * id, name and roles for any token it holds, and a client that merely calls other services (forum-service asking
 * tokens for notification-service) has no business learning that; an operator grants it to the resource servers
 * that need it, one by one. 403 rather than {@code active: false}: a resource server that is not allowed must fail
 * loudly, not see every token as inactive.
 *
 * <p>A machine token is active only while its client is still enabled: auth-service knows that, so it says so,
 * although the gateway and the starter cannot (there is no revocation feed for machine tokens).
 */
@RestController
class IntrospectionEndpoint {

    static final String PATH = "/auth/oauth2/introspect";

    /** The scope a machine client must be registered with to introspect. */
    static final String SCOPE = "introspect";

    private static final String TOKEN_TYPE = "Bearer";

    private final ClientAuthentication authentication;

    private final AccessTokenIntrospection accessTokens;

    private final OpaqueSessions sessions;

    private final MachineClients clients;

    private final TokenProperties tokens;

    IntrospectionEndpoint(
            ClientAuthentication authentication,
            AccessTokenIntrospection accessTokens,
            OpaqueSessions sessions,
            MachineClients clients,
            TokenProperties tokens) {
        this.authentication = authentication;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.clients = clients;
        this.tokens = tokens;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> introspect(HttpServletRequest request) {
        try {
            Map<String, String> form = ClientAuthentication.form(request);
            ClientRegistration client = this.authentication.authenticate(request, form);
            if (!client.scopes().contains(SCOPE)) {
                throw new OAuthError(
                        HttpStatus.FORBIDDEN, "unauthorized_client", "This client may not introspect tokens.");
            }
            String token = form.get("token");
            if (token == null) {
                throw OAuthError.invalidRequest("token is required");
            }
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .header(HttpHeaders.PRAGMA, "no-cache")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(introspect(token));
        } catch (OAuthError error) {
            return error.toResponse();
        }
    }

    private Introspection introspect(String token) {
        if (token.indexOf('.') >= 0) {
            // A JWS has dots; a session token (base64url) never does.
            return this.accessTokens.active(token).map(this::ofJwt).orElse(Introspection.INACTIVE);
        }
        return this.sessions
                .active(token)
                .map(session -> new Introspection(
                        true,
                        null,
                        this.tokens.firstPartyClientId(),
                        session.username(),
                        TOKEN_TYPE,
                        session.expiresAt().getEpochSecond(),
                        session.issuedAt().getEpochSecond(),
                        null,
                        session.accountId().toString(),
                        this.tokens.audience(),
                        this.tokens.issuer(),
                        null,
                        session.roles(),
                        session.amr(),
                        session.authTime().getEpochSecond()))
                .orElse(Introspection.INACTIVE);
    }

    private Introspection ofJwt(JWTClaimsSet claims) {
        try {
            String clientId = claims.getStringClaim("client_id");
            boolean machine = clientId != null && clientId.equals(claims.getSubject());
            if (machine && !this.clients.isEnabled(clientId)) {
                return Introspection.INACTIVE;
            }
            List<String> audiences = claims.getAudience();
            return new Introspection(
                    true,
                    claims.getStringClaim("scope"),
                    clientId,
                    machine ? null : claims.getStringClaim("preferred_username"),
                    TOKEN_TYPE,
                    seconds(claims.getExpirationTime()),
                    seconds(claims.getIssueTime()),
                    seconds(claims.getNotBeforeTime()),
                    claims.getSubject(),
                    (audiences.size() == 1) ? audiences.get(0) : audiences,
                    claims.getIssuer(),
                    claims.getJWTID(),
                    machine ? null : claims.getStringListClaim("roles"),
                    machine ? null : claims.getStringListClaim("amr"),
                    machine ? null : claims.getLongClaim("auth_time"));
        } catch (ParseException ex) {
            // Signed by us, yet a claim of the wrong type: not a token this service issues.
            return Introspection.INACTIVE;
        }
    }

    private static Long seconds(Date date) {
        return (date != null) ? date.toInstant().getEpochSecond() : null;
    }

    /**
     * RFC 7662 section 2.2; times in epoch seconds, {@code aud} a string or an array as in the token. Members that do
     * not apply are left out. A user's token also has {@code amr} and {@code auth_time}: how and when its login
     * authenticated (a JWT issued before they existed has neither, and the answer then leaves them out).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Introspection(
            boolean active,
            String scope,
            @JsonProperty("client_id") String clientId,
            String username,
            @JsonProperty("token_type") String tokenType,
            Long exp,
            Long iat,
            Long nbf,
            String sub,
            Object aud,
            String iss,
            String jti,
            List<String> roles,
            List<String> amr,
            @JsonProperty("auth_time") Long authTime) {

        static final Introspection INACTIVE = new Introspection(
                false, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
