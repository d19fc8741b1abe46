package dev.tessera.auth.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth 2.0 token endpoint for the client credentials grant (RFC 6749 section 4.4), for machine clients only:
 * {@code POST /auth/oauth2/token}, form-encoded, client authentication {@code client_secret_basic} or {@code
 * client_secret_post}, {@code audience} (or RFC 8707 {@code resource}) required, {@code scope} optional. Errors are
 * RFC 6749 section 5.2 JSON, not problem details, because OAuth clients parse that shape; a throttled caller gets
 * auth-service's 429 problem with {@code Retry-After} (RFC 6749 defines no error for it).
 *
 * <p>Hand-written on nimbus-jose-jwt rather than with Spring Authorization Server: SAS runs as a Spring Security
 * filter chain (auth-service has none; the kit's passport filter guards it), brings its own key source, JWKS,
 * metadata and an authorization store that records every issued token, and supports neither RFC 8707 {@code
 * resource} nor {@code invalid_target} for this grant without a custom authentication provider. What is left for this
 * one grant is small: authenticate, check audience and scope, sign with the existing key store.
 *
 * <p>Order of checks: request shape ({@code invalid_request}), client authentication ({@link ClientAuthentication}:
 * {@code invalid_client}, 401, throttled and audited; unknown id, wrong secret and disabled client answer the same),
 * grant type, audience, scope.
 */
@RestController
class TokenEndpoint {

    static final String PATH = "/auth/oauth2/token";

    private static final String GRANT_TYPE = "client_credentials";

    private final MachineClients clients;

    private final MachineTokenIssuer issuer;

    private final ClientAuthentication authentication;

    TokenEndpoint(MachineClients clients, MachineTokenIssuer issuer, ClientAuthentication authentication) {
        this.clients = clients;
        this.issuer = issuer;
        this.authentication = authentication;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> token(HttpServletRequest request) {
        try {
            TokenResponse response = issue(request);
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .header(HttpHeaders.PRAGMA, "no-cache")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(response);
        } catch (OAuthError error) {
            return error.toResponse();
        }
    }

    private TokenResponse issue(HttpServletRequest request) {
        Map<String, String> form = ClientAuthentication.form(request);
        ClientRegistration client = this.authentication.authenticate(request, form);

        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Only client_credentials.");
        }

        String audience = form.get("audience");
        String resource = form.get("resource");
        if (audience != null && resource != null && !audience.equals(resource)) {
            throw OAuthError.invalidRequest("audience and resource name different targets");
        }
        String target = (audience != null) ? audience : resource;
        if (target == null || target.isEmpty()) {
            throw OAuthError.invalidRequest("audience (or resource) is required");
        }
        if (!client.audiences().contains(target) || target.equals(this.clients.userAudience())) {
            throw new OAuthError(
                    HttpStatus.BAD_REQUEST, "invalid_target", "The client may not ask tokens for this audience.");
        }

        Set<String> granted = scopes(form.get("scope"), client.scopes());
        String scope = String.join(" ", granted.stream().sorted().toList());
        MachineTokenIssuer.Issued issued = this.issuer.issue(client.clientId(), target, scope);
        return new TokenResponse(issued.token(), "Bearer", issued.expiresIn(), scope);
    }

    /** The requested scopes, each allowed; all allowed ones when none are requested. */
    private static Set<String> scopes(String requested, Set<String> allowed) {
        if (requested == null) {
            return allowed;
        }
        String stripped = requested.strip();
        if (stripped.isEmpty()) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_scope", "The scope is empty.");
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(stripped.split(" +")));
        if (!allowed.containsAll(scopes)) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_scope", "A requested scope is not allowed.");
        }
        return scopes;
    }

    /** RFC 6749 section 5.1. */
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn,
            String scope) {

        @Override
        public String toString() {
            return "TokenResponse[<redacted>, " + this.tokenType + ", " + this.expiresIn + ", " + this.scope + "]";
        }
    }
}
