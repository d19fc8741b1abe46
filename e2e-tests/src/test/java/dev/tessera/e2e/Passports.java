package dev.tessera.e2e;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.util.List;
import java.util.Set;

/** Mints passports the way the gateway does, for tests that call a downstream service directly. */
final class Passports {

    private final PassportSigner signer;

    Passports(String base64Secret) {
        this.signer = new PassportSigner(PassportSecrets.of(List.of(base64Secret)));
    }

    String mint(String userId, String audience, String method, String path) {
        return mint(userId, Set.of("USER"), audience, method, path);
    }

    String mint(String userId, Set<String> roles, String audience, String method, String path) {
        return this.signer.sign(
                Passport.caller(userId, "e2e-" + userId.substring(0, 8), roles, null, null), audience, method, path);
    }
}
