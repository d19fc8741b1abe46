package dev.tessera.e2e;

import dev.tessera.passport.Passport;
import dev.tessera.testsupport.PassportMinter;
import java.util.Set;

/** Passports signed with one service's key for any audience, by the shared {@link PassportMinter}. */
final class Passports {

    private final String base64Secret;

    Passports(String base64Secret) {
        this.base64Secret = base64Secret;
    }

    String mint(String userId, String audience, String method, String path) {
        return mint(userId, Set.of("USER"), audience, method, path);
    }

    String mint(String userId, Set<String> roles, String audience, String method, String path) {
        Passport caller = Passport.caller(userId, "e2e-" + userId.substring(0, 8), roles, null, null);
        return new PassportMinter(this.base64Secret, audience).sign(caller, method, path);
    }
}
