package dev.tessera.auth.login;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.account.HashingBusyException;
import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.account.Username;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.throttle.LoginThrottle;
import dev.tessera.auth.token.TokenResponse;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * A login, in the order that keeps it cheap to refuse: shape checks, then the throttle (a database
 * row, no hashing), then one argon2id verification inside the bulkhead, then a new refresh family
 * and a signed access token.
 */
@Service
class LoginService {

    private final LoginThrottle throttle;

    private final AccountService accounts;

    private final RefreshTokenService refreshTokens;

    LoginService(LoginThrottle throttle, AccountService accounts, RefreshTokenService refreshTokens) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
    }

    TokenResponse login(String username, String password, String clientAddress) {
        if (!AccountService.plausiblePassword(password)) {
            throw new InvalidInputException("password", "must be at most 128 characters");
        }
        LoginThrottle.Attempt attempt = this.throttle.begin(Username.throttleKey(username), clientAddress);
        Optional<AccountIdentity> account;
        try {
            account = this.accounts.authenticate(username, password);
        } catch (HashingBusyException ex) {
            this.throttle.abandoned(attempt);
            throw ex;
        }
        if (account.isEmpty()) {
            throw new LoginFailedException();
        }
        this.throttle.succeeded(attempt);
        return this.refreshTokens.startFamily(account.get());
    }
}
