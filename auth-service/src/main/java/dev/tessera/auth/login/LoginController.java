package dev.tessera.auth.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.refresh.LoginOrigin;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.token.TokenFormat;
import dev.tessera.auth.token.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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
        TokenFormat format = (request.tokenFormat() == null)
                ? TokenFormat.JWT
                : TokenFormat.parse(request.tokenFormat())
                        .orElseThrow(() -> new InvalidInputException("token_format", "must be jwt or opaque"));
        TokenResponse tokens = this.logins.login(
                request.username(),
                request.password(),
                this.clientAddresses.resolve(http),
                origin(http),
                format,
                request.deviceToken());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(tokens);
    }

    /**
     * The second step of a login whose password step answered 401 {@code second-factor-required}: its {@code
     * challenge} with either {@code code} (from the authenticator app) or {@code recovery_code}. Answers what the
     * first step would have.
     */
    @PostMapping(
            path = "/auth/login/second-factor",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> secondFactor(
            @Valid @RequestBody SecondFactorRequest request, HttpServletRequest http) {
        TokenResponse tokens = this.logins.secondFactor(
                request.challenge(),
                request.code(),
                request.recoveryCode(),
                this.clientAddresses.resolve(http),
                origin(http));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(tokens);
    }

    /** What the session started by this request shows its owner: the client's User-Agent and whole address. */
    private LoginOrigin origin(HttpServletRequest http) {
        return new LoginOrigin(http.getHeader(HttpHeaders.USER_AGENT), this.clientAddresses.address(http));
    }

    /** {@code code} or {@code recovery_code}, exactly one of them. */
    record SecondFactorRequest(
            @NotNull String challenge,
            String code,
            @JsonProperty("recovery_code") String recoveryCode) {

        @Override
        public String toString() {
            return "SecondFactorRequest[<redacted>]";
        }
    }

    /**
     * {@code token_format} is optional: {@code jwt} (default, scheme B) or {@code opaque} (scheme A, a
     * session token the gateway introspects); refreshes of this login keep the format. {@code device_token}
     * is optional: the token an earlier successful login of this account handed out (a known device);
     * anything else is treated as absent.
     */
    record LoginRequest(
            @NotNull String username,
            @NotNull String password,
            @JsonProperty("token_format") String tokenFormat,
            @JsonProperty("device_token") String deviceToken) {

        @Override
        public String toString() {
            return "LoginRequest[username=<redacted>, password=<redacted>, device_token=<redacted>]";
        }
    }
}
