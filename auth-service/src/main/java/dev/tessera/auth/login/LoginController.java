package dev.tessera.auth.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.passkey.Passkeys;
import dev.tessera.auth.passkey.PublicKeyOptions;
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
import tools.jackson.databind.JsonNode;

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
        TokenFormat format = format(request.tokenFormat());
        TokenResponse tokens = this.logins.login(
                request.username(),
                request.password(),
                this.clientAddresses.resolve(http),
                origin(http),
                format,
                request.deviceToken());
        return issued(tokens);
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
                (request.passkey() == null) ? null : credential(request.passkey(), "passkey"),
                this.clientAddresses.resolve(http),
                origin(http));
        return issued(tokens);
    }

    /**
     * Request options for a passkey at the second step: {@code {"challenge"}} of the 401 {@code
     * second-factor-required} answer. 200 {@code {"publicKey": PublicKeyCredentialRequestOptionsJSON}}; the
     * assertion goes to {@code /auth/login/second-factor} as {@code passkey}.
     */
    @PostMapping(
            path = "/auth/login/second-factor/options",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SecondFactorOptions> secondFactorOptions(@Valid @RequestBody ChallengeRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new SecondFactorOptions(this.logins.secondFactorOptions(request.challenge())));
    }

    /**
     * Options for a password-less login (no body): 200 {@code {"ceremony", "publicKey":
     * PublicKeyCredentialRequestOptionsJSON}} with empty {@code allowCredentials} (the browser offers the
     * discoverable passkeys it has for the RP ID) and user verification required.
     */
    @PostMapping(path = "/auth/login/passkey/options", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Passkeys.Login> passkeyOptions() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.logins.passkeyOptions());
    }

    /**
     * A password-less login: {@code {"ceremony", "credential"}} (the {@code PublicKeyCredential} as JSON) and the
     * optional {@code token_format} and {@code device_token} of a password login. Answers what a password login
     * would; 401 {@code passkey-login-failed} for anything that does not verify.
     */
    @PostMapping(
            path = "/auth/login/passkey",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> passkeyLogin(
            @Valid @RequestBody PasskeyLoginRequest request, HttpServletRequest http) {
        TokenResponse tokens = this.logins.passkeyLogin(
                request.ceremony(),
                credential(request.credential(), "credential"),
                format(request.tokenFormat()),
                request.deviceToken(),
                this.clientAddresses.resolve(http),
                origin(http));
        return issued(tokens);
    }

    private static TokenFormat format(String tokenFormat) {
        return (tokenFormat == null)
                ? TokenFormat.JWT
                : TokenFormat.parse(tokenFormat)
                        .orElseThrow(() -> new InvalidInputException("token_format", "must be jwt or opaque"));
    }

    private static String credential(JsonNode credential, String field) {
        if (!credential.isObject()) {
            throw new InvalidInputException(field, "must be the PublicKeyCredential as JSON");
        }
        return credential.toString();
    }

    /** What the session started by this request shows its owner: the client's User-Agent and whole address. */
    private LoginOrigin origin(HttpServletRequest http) {
        return new LoginOrigin(http.getHeader(HttpHeaders.USER_AGENT), this.clientAddresses.address(http));
    }

    /** {@code code}, {@code recovery_code} or {@code passkey} (a {@code PublicKeyCredential}), exactly one. */
    record SecondFactorRequest(
            @NotNull String challenge,
            String code,
            @JsonProperty("recovery_code") String recoveryCode,
            JsonNode passkey) {

        @Override
        public String toString() {
            return "SecondFactorRequest[<redacted>]";
        }
    }

    record ChallengeRequest(@NotNull String challenge) {

        @Override
        public String toString() {
            return "ChallengeRequest[<redacted>]";
        }
    }

    record SecondFactorOptions(PublicKeyOptions.Request publicKey) {}

    record PasskeyLoginRequest(
            @NotNull String ceremony,
            @NotNull JsonNode credential,
            @JsonProperty("token_format") String tokenFormat,
            @JsonProperty("device_token") String deviceToken) {

        @Override
        public String toString() {
            return "PasskeyLoginRequest[<redacted>]";
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

    /** Tokens are never cached, by the client or on the way (RFC 6749 5.1). */
    private static ResponseEntity<TokenResponse> issued(TokenResponse tokens) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache")
                .body(tokens);
    }
}
