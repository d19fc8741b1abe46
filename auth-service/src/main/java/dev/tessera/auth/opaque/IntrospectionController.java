package dev.tessera.auth.opaque;

import dev.tessera.passport.RequireCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/introspect} (docs/contracts.md, "Internal calls"): only for callers inside the
 * deployment, i.e. a passport with the role {@code SERVICE}, which no account can hold. The gateway is
 * the caller. Never routed by the gateway. An unknown, malformed, expired, idle or revoked token is
 * {@code {"active": false}} with 200, as RFC 7662 section 2.2 asks.
 */
@RestController
@RequireCaller(anyRole = "SERVICE")
class IntrospectionController {

    private final OpaqueSessions sessions;

    IntrospectionController(OpaqueSessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping(
            path = "/internal/introspect",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Introspection> introspect(@Valid @RequestBody IntrospectionRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.sessions.introspect(request.token()));
    }

    record IntrospectionRequest(@NotNull String token) {

        @Override
        public String toString() {
            return "IntrospectionRequest[token=<redacted>]";
        }
    }
}
