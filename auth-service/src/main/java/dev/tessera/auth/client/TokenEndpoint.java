package dev.tessera.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.throttle.LoginThrottle;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
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
 * <p>Order of checks: request shape ({@code invalid_request}), client authentication ({@code invalid_client}, 401,
 * throttled and audited; unknown id, wrong secret and disabled client answer the same), grant type, audience,
 * scope.
 */
@RestController
class TokenEndpoint {

    static final String PATH = "/auth/oauth2/token";

    private static final String GRANT_TYPE = "client_credentials";

    private final MachineClients clients;

    private final MachineTokenIssuer issuer;

    private final LoginThrottle throttle;

    private final ClientAddressResolver addresses;

    private final AuditLog audit;

    TokenEndpoint(
            MachineClients clients,
            MachineTokenIssuer issuer,
            LoginThrottle throttle,
            ClientAddressResolver addresses,
            AuditLog audit) {
        this.clients = clients;
        this.issuer = issuer;
        this.throttle = throttle;
        this.addresses = addresses;
        this.audit = audit;
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
            ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status)
                    .cacheControl(CacheControl.noStore())
                    .header(HttpHeaders.PRAGMA, "no-cache")
                    .contentType(MediaType.APPLICATION_JSON);
            if (error.status == HttpStatus.UNAUTHORIZED) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tessera\", charset=\"UTF-8\"");
            }
            return response.body(new ErrorResponse(error.code, error.description));
        }
    }

    private TokenResponse issue(HttpServletRequest request) {
        Map<String, String> form = form(request);
        Credentials credentials = credentials(request, form);
        ClientRegistration client = authenticate(credentials, request);

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

    /** The form parameters, each at most once (RFC 6749 section 3.2), from the body only. */
    private static Map<String, String> form(HttpServletRequest request) {
        MediaType type;
        try {
            type = (request.getContentType() != null) ? MediaType.parseMediaType(request.getContentType()) : null;
        } catch (InvalidMediaTypeException ex) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded.");
        }
        if (request.getQueryString() != null) {
            // Credentials in a URL end up in access logs; the parameters belong in the body.
            throw OAuthError.invalidRequest("Parameters must be sent in the request body.");
        }
        Map<String, String> form = new HashMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getValue().length != 1) {
                throw OAuthError.invalidRequest("A parameter was repeated.");
            }
            form.put(parameter.getKey(), parameter.getValue()[0]);
        }
        return form;
    }

    /** {@code client_secret_basic} or {@code client_secret_post}, never both (RFC 6749 section 2.3). */
    private static Credentials credentials(HttpServletRequest request, Map<String, String> form) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String postedId = form.get("client_id");
        String postedSecret = form.get("client_secret");
        if (authorization != null) {
            if (postedSecret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method.");
            }
            Credentials basic = basic(authorization);
            if (postedId != null && !postedId.equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id does not match the authenticated client.");
            }
            return basic;
        }
        if (postedId == null || postedSecret == null) {
            throw OAuthError.invalidClient();
        }
        return new Credentials(postedId, postedSecret);
    }

    /** RFC 6749 section 2.3.1: both parts are form-urlencoded before base64. */
    private static Credentials basic(String authorization) {
        if (authorization.length() < 6
                || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            throw OAuthError.invalidClient();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuthError.invalidClient();
            }
            return new Credentials(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ex) {
            throw OAuthError.invalidClient();
        }
    }

    /** Charged to the throttle before the secret is checked; every failure is audited with the client address. */
    private ClientRegistration authenticate(Credentials credentials, HttpServletRequest request) {
        String address = this.addresses.resolve(request);
        LoginThrottle.Attempt attempt = this.throttle.beginClientAuthentication(credentials.clientId(), address);
        if (credentials.secret().length() > ClientSecrets.MAX_SECRET_LENGTH) {
            fail(MachineClients.Outcome.UNKNOWN_CLIENT, null, address);
        }
        MachineClients.Authentication result = this.clients.authenticate(credentials.clientId(), credentials.secret());
        if (result.outcome() != MachineClients.Outcome.AUTHENTICATED) {
            fail(result.outcome(), credentials.clientId(), address);
        }
        this.throttle.succeeded(attempt);
        return result.client();
    }

    private void fail(MachineClients.Outcome outcome, String clientId, String address) {
        // The id is echoed only when it names a registered client: a caller may type anything into it.
        String detail = switch (outcome) {
            case WRONG_SECRET -> "client " + clientId + ": wrong secret";
            case DISABLED -> "client " + clientId + ": disabled";
            default -> "unknown client";
        };
        this.audit.record(AuditLog.Type.CLIENT_AUTHENTICATION_FAILED, null, null, address, detail);
        throw OAuthError.invalidClient();
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

    private record Credentials(String clientId, String secret) {

        @Override
        public String toString() {
            return "Credentials[" + this.clientId + ", <redacted>]";
        }
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

    /** RFC 6749 section 5.2. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorResponse(
            String error, @JsonProperty("error_description") String errorDescription) {}

    /** An RFC 6749 error; a fixed description, never the client's input. */
    static final class OAuthError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final HttpStatus status;

        private final String code;

        private final String description;

        OAuthError(HttpStatus status, String code, String description) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
            this.description = description;
        }

        static OAuthError invalidRequest(String description) {
            return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request", description);
        }

        static OAuthError invalidClient() {
            return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_client", "Client authentication failed.");
        }
    }
}
