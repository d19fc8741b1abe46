package dev.tessera.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RegistrationController {

    private final AccountService accounts;

    RegistrationController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping(
            path = "/auth/register",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountResponse> register(@Valid @RequestBody RegisterRequest request) {
        Account account = this.accounts.register(request.username(), request.password(), request.displayName());
        // No Location header: this service does not know the public path prefix the gateway adds,
        // and a wrong Location is worse than none. Administrators read accounts under /auth/admin/users.
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new AccountResponse(
                        account.id(),
                        account.username(),
                        account.displayName(),
                        account.identity().roleNames()));
    }

    record RegisterRequest(
            @NotNull String username,
            @NotNull String password,
            @JsonProperty("display_name") String displayName) {

        @Override
        public String toString() {
            return "RegisterRequest[username=" + this.username + "]";
        }
    }

    record AccountResponse(
            UUID id,
            String username,
            @JsonProperty("display_name") String displayName,
            List<String> roles) {}
}
