package dev.tessera.auth.me;

import dev.tessera.auth.account.AccountAdministration;
import dev.tessera.auth.account.AccountView;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account, identified only by the gateway's passport. */
@RestController
class MeController {

    private final AccountAdministration accounts;

    private final RefreshTokenService refreshTokens;

    private final ClientAddressResolver clientAddresses;

    MeController(
            AccountAdministration accounts, RefreshTokenService refreshTokens, ClientAddressResolver clientAddresses) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.clientAddresses = clientAddresses;
    }

    @GetMapping(path = "/auth/me", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> me(@RequireCaller Passport caller) {
        AccountView account = this.accounts
                .view(CallerIds.of(caller))
                .filter(AccountView::enabled)
                .orElseThrow(CallerIds.InactiveCallerException::new);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(account);
    }

    /**
     * Revokes every session of the caller (every device) through the revocation feed, audited as {@code
     * SESSIONS_ENDED} like {@code DELETE /auth/me/sessions}.
     */
    @PostMapping("/auth/logout-all")
    ResponseEntity<Void> logoutAll(@RequireCaller Passport caller, HttpServletRequest http) {
        this.refreshTokens.endAllSessionsOf(CallerIds.of(caller), this.clientAddresses.resolve(http));
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }
}
