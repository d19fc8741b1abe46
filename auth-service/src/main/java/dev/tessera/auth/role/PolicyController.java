package dev.tessera.auth.role;

import dev.tessera.passport.RequireCaller;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/roles} (docs/contracts.md, "Internal calls"): what each role grants, for the gateways'
 * {@code permission:NAME} rules. Like the revocation feed it is only for callers inside the deployment (a passport
 * with the role {@code SERVICE}, which no account can hold) and never routed by the gateway: the policy is not a
 * secret, but it maps out who can do what. The ETag is the document's version; a gateway that sends it back in
 * {@code If-None-Match} gets 304 with no body while nothing changed.
 */
@RestController
@RequireCaller(anyRole = "SERVICE")
class PolicyController {

    private final RoleCatalog roles;

    PolicyController(RoleCatalog roles) {
        this.roles = roles;
    }

    @GetMapping(path = "/internal/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RolePolicy> policy(@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        RolePolicy policy = this.roles.policy();
        String etag = "\"" + policy.version() + "\"";
        if (ifNoneMatch != null
                && (ifNoneMatch.strip().equals(etag) || ifNoneMatch.strip().equals("W/" + etag))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(CacheControl.noCache())
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.noCache())
                .body(policy);
    }
}
