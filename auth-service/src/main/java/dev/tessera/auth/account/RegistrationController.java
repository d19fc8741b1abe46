package dev.tessera.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.throttle.RegistrationLimit;
import dev.tessera.auth.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
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

/**
 * {@code POST /auth/register}. A username must be unique, so this endpoint answers 409 for a taken name and so
 * tells whether an account exists; checking names here is limited per client address ({@link
 * RegistrationLimit}: 429 with {@code Retry-After}, decided before the name is looked up) and counted in
 * {@code tessera.auth.registrations{outcome=created|taken|throttled}}.
 */
@RestController
class RegistrationController {

    private final AccountService accounts;

    private final RegistrationLimit limit;

    private final ClientAddressResolver clientAddresses;

    private final MeterRegistry meters;

    RegistrationController(
            AccountService accounts,
            RegistrationLimit limit,
            ClientAddressResolver clientAddresses,
            MeterRegistry meters) {
        this.accounts = accounts;
        this.limit = limit;
        this.clientAddresses = clientAddresses;
        this.meters = meters;
    }

    @PostMapping(
            path = "/auth/register",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountResponse> register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
        String address = this.clientAddresses.resolve(http);
        Account account;
        try {
            account = this.accounts.register(
                    request.username(), request.password(), request.displayName(), () -> this.limit.acquire(address));
        } catch (ProblemException ex) {
            if (ex.status() == HttpStatus.TOO_MANY_REQUESTS) {
                count("throttled");
            } else if (ex.status() == HttpStatus.CONFLICT) {
                count("taken");
            }
            throw ex;
        }
        count("created");
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

    /** A rising "taken" or "throttled" rate is someone checking which names exist. */
    private void count(String outcome) {
        this.meters.counter("tessera.auth.registrations", "outcome", outcome).increment();
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
