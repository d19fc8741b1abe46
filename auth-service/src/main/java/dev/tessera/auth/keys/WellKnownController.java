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
     * RFC 8414 authorization server metadata: what Tessera supports today and nothing else. There is no
     * authorization endpoint (no grant uses one yet), so no {@code authorization_endpoint} and an empty {@code
     * response_types_supported} (RFC 8414 requires the member, and no response type is supported); no {@code
     * scopes_supported} (scopes are registered per machine client, not a fixed list worth advertising); the only
     * OAuth grant is {@code client_credentials} (login and refresh are Tessera's own JSON endpoints, listed as
     * {@code tessera_*_endpoint} extensions).
     *
     * <p>No {@code /.well-known/openid-configuration}: OpenID Connect Discovery requires {@code
     * authorization_endpoint}, {@code response_types_supported} with {@code code} or {@code id_token}, {@code
     * subject_types_supported} and {@code id_token_signing_alg_values_supported}, which only an OpenID Provider can
     * state truthfully, and Tessera becomes one in a later slice (authorization code with PKCE, ID tokens). Until
     * then that path is 404, so an OpenID client fails at once instead of half-way through a flow; clients that
     * only need the keys (Spring Security's {@code issuer-uri}, which tries this document next) read them here.
     */
    @GetMapping(path = "/.well-known/oauth-authorization-server", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> authorizationServerMetadata() {
        String issuer = this.tokenProperties.issuer();
        String api = issuer + this.tokenProperties.publicPath();
        List<String> clientAuthentication = List.of("client_secret_basic", "client_secret_post");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + "/.well-known/jwks.json");
        document.put("token_endpoint", api + "/oauth2/token");
        document.put("token_endpoint_auth_methods_supported", clientAuthentication);
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("response_types_supported", List.of());
        document.put("introspection_endpoint", api + "/oauth2/introspect");
        document.put("introspection_endpoint_auth_methods_supported", clientAuthentication);
        document.put(
                "access_token_signing_alg_values_supported",
                List.of(this.keyProperties.algorithm().jws().getName()));
        document.put("tessera_register_endpoint", api + "/register");
        document.put("tessera_login_endpoint", api + "/login");
        document.put("tessera_refresh_endpoint", api + "/refresh");
        document.put("tessera_logout_endpoint", api + "/logout");
        return ResponseEntity.ok()
                .cacheControl(
                        CacheControl.maxAge(this.keyProperties.jwksMaxAge()).cachePublic())
                .body(document);
    }
}
