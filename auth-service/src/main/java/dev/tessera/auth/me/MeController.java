package dev.tessera.auth.me;

import dev.tessera.auth.account.AccountAdministration;
import dev.tessera.auth.account.AccountView;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.refresh.RevocationReason;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.util.UUID;
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

    MeController(AccountAdministration accounts, RefreshTokenService refreshTokens) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
    }

    @GetMapping(path = "/auth/me", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> me(@RequireCaller Passport caller) {
        AccountView account = this.accounts
                .view(CallerIds.of(caller))
                .filter(AccountView::enabled)
                .orElseThrow(CallerIds.InactiveCallerException::new);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(account);
    }

    /** Revokes every refresh family of the caller (every device); access tokens die at expiry. */
    @PostMapping("/auth/logout-all")
    ResponseEntity<Void> logoutAll(@RequireCaller Passport caller) {
        UUID id = CallerIds.of(caller);
        this.refreshTokens.revokeAll(id, RevocationReason.LOGOUT_ALL);
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }
}
