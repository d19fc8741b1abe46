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
 * The public key set and the discovery document. URLs in the discovery document are public ones
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

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> openidConfiguration() {
        String issuer = this.tokenProperties.issuer();
        String api = issuer + this.tokenProperties.publicPath();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + "/.well-known/jwks.json");
        document.put("subject_types_supported", List.of("public"));
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
