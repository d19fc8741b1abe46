package dev.tessera.auth.login;

import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.token.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LoginController {

    private final LoginService logins;

    private final ClientAddressResolver clientAddresses;

    LoginController(LoginService logins, ClientAddressResolver clientAddresses) {
        this.logins = logins;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping(
            path = "/auth/login",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        TokenResponse tokens =
                this.logins.login(request.username(), request.password(), this.clientAddresses.resolve(http));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(tokens);
    }

    record LoginRequest(@NotNull String username, @NotNull String password) {

        @Override
        public String toString() {
            return "LoginRequest[username=<redacted>, password=<redacted>]";
        }
    }
}
