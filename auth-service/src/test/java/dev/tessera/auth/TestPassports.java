package dev.tessera.auth;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import dev.tessera.testsupport.PassportMinter;
import java.util.Set;
import java.util.UUID;

/** auth-service's passports, minted by the shared {@link PassportMinter} with the tests' secret. */
public final class TestPassports {

    public static final String HEADER = PassportSigner.HEADER;

    private static final PassportMinter MINTER = new PassportMinter(AuthServiceTest.PASSPORT_SECRET, "auth-service");

    private TestPassports() {}

    public static String forCaller(String userId, String username, Set<String> roles, String method, String path) {
        return MINTER.caller(userId, username, roles, method, path);
    }

    public static String forSession(
            String userId, String username, Set<String> roles, String sessionId, String method, String path) {
        return forSessionFrom(null, userId, username, roles, sessionId, method, path);
    }

    public static String anonymous(String method, String path) {
        return MINTER.anonymous(method, path);
    }

    /** An anonymous passport naming the client address the gateway saw, as for a login or a registration. */
    public static String anonymousFrom(String address, String method, String path) {
        return MINTER.sign(Passport.anonymous(null, null, null), method, path, address);
    }

    /** A caller's passport for one of its sessions, naming the client address the gateway saw. */
    public static String forSessionFrom(
            String address,
            String userId,
            String username,
            Set<String> roles,
            String sessionId,
            String method,
            String path) {
        Passport caller = Passport.caller(
                userId, username, roles, sessionId, UUID.randomUUID().toString());
        return MINTER.sign(caller, method, path, address);
    }
}
