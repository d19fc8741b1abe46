package dev.tessera.auth.keys;

import dev.tessera.auth.TokenProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public key set and the discovery document (RFC 8414). URLs in the discovery document are public ones
 * (under the configured issuer, i.e. the gateway), never this service's internal address.
 */
@RestController
class WellKnownController {

    private final SigningKeys keys;

    private final KeyProperties keyProperties;

    private final TokenProperties tokenProperties;

    WellKnownController(SigningKeys keys, KeyProperties keyProperties, TokenProperties tokenProperties) {
        this.keys = keys;
        this.keyProperties = keyProperties;
        this.tokenProperties = tokenProperties;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(
                        CacheControl.maxAge(this.keyProperties.jwksMaxAge()).cachePublic())
                .body(this.keys.publicKeys().toJSONObject(true));
    }

    /**
     * RFC 8414 authorization server metadata: what Tessera supports and nothing else. The only response type is {@code
     * code} (authorization code with PKCE {@code S256}, for registered OpenID clients; no implicit, no password
     * grant); the grants are {@code authorization_code} and {@code client_credentials} at the one token endpoint; no
     * {@code scopes_supported} here (machine clients' scopes are registered per client, not a fixed list). Login and
     * refresh for Tessera's own page are its JSON endpoints, listed as {@code tessera_*_endpoint} extensions.
     */
    @GetMapping(path = "/.well-known/oauth-authorization-server", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> authorizationServerMetadata() {
        return cached(oauthMetadata());
    }

    /**
     * OpenID Connect Discovery 1.0: the RFC 8414 document plus what an OpenID Provider must state. Written here from
     * the same facts as the RFC 8414 document rather than by Spring Authorization Server's metadata endpoint: that one
     * derives every URL from the endpoint paths auth-service serves ({@code /auth/oauth2/...}) while clients must use
     * the gateway's public ones ({@code /api/auth/oauth2/...}), and it advertises grants and client authentication
     * methods Tessera does not offer (device code, token exchange, private_key_jwt, ...); overriding nearly every
     * member would be longer than writing the document, and two documents would drift apart.
     *
     * <p>{@code userinfo_endpoint} is the gateway's {@code /oauth2/userinfo} route, the one route that forwards the
     * bearer token to auth-service (the {@code /api/auth} route never does). {@code auth_time} and {@code sid} in ID
     * tokens are the Tessera session's (the refresh family's login time and id).
     */
    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> openIdConfiguration() {
        String issuer = this.tokenProperties.issuer();
        String api = issuer + this.tokenProperties.publicPath();
        String algorithm = this.keyProperties.algorithm().jws().getName();
        Map<String, Object> document = oauthMetadata();
        document.put("userinfo_endpoint", issuer + "/oauth2/userinfo");
        document.put("end_session_endpoint", api + "/oauth2/logout");
        document.put("scopes_supported", List.of("openid", "profile"));
        document.put("response_modes_supported", List.of("query"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(algorithm));
        document.put(
                "claims_supported",
                List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid", "preferred_username"));
        return cached(document);
    }

    private Map<String, Object> oauthMetadata() {
        String issuer = this.tokenProperties.issuer();
        String api = issuer + this.tokenProperties.publicPath();
        List<String> clientAuthentication = List.of("client_secret_basic", "client_secret_post");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", api + "/oauth2/authorize");
        document.put("jwks_uri", issuer + "/.well-known/jwks.json");
        document.put("token_endpoint", api + "/oauth2/token");
        // "none": a public OpenID client (PKCE only) at the token endpoint.
        document.put(
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        document.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
        document.put("response_types_supported", List.of("code"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        // RFC 9207: every authorization response names its issuer (the mix-up defence, RFC 9700 section 4.4).
        document.put("authorization_response_iss_parameter_supported", true);
        document.put("introspection_endpoint", api + "/oauth2/introspect");
        document.put("introspection_endpoint_auth_methods_supported", clientAuthentication);
        document.put(
                "access_token_signing_alg_values_supported",
                List.of(this.keyProperties.algorithm().jws().getName()));
        document.put("tessera_register_endpoint", api + "/register");
        document.put("tessera_login_endpoint", api + "/login");
        document.put("tessera_refresh_endpoint", api + "/refresh");
        document.put("tessera_logout_endpoint", api + "/logout");
        return document;
    }

    private ResponseEntity<Map<String, Object>> cached(Map<String, Object> document) {
        return ResponseEntity.ok()
                .cacheControl(
                        CacheControl.maxAge(this.keyProperties.jwksMaxAge()).cachePublic())
                .body(document);
    }
}
