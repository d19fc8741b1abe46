package dev.tessera.auth.refresh;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.token.TokenResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RefreshController {

    private final RefreshTokenService service;

    RefreshController(RefreshTokenService service) {
        this.service = service;
    }

    @PostMapping(
            path = "/auth/refresh",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(this.service.rotate(request.refreshToken()));
    }

    /** Always 204: logging out an unknown, expired or already revoked token is not an error. */
    @PostMapping(path = "/auth/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        this.service.logout(request.refreshToken());
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    record RefreshRequest(
            @NotNull @JsonProperty("refresh_token") String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[refresh_token=<redacted>]";
        }
    }
}
