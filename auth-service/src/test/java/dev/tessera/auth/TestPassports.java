package dev.tessera.auth;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Mints passports the way the gateway does, with the tests' shared secret. */
public final class TestPassports {

    public static final String HEADER = "X-Tessera-Passport";

    private static final PassportSigner SIGNER =
            new PassportSigner(PassportSecrets.of(List.of(AuthServiceTest.PASSPORT_SECRET)));

    private TestPassports() {}

    public static String forCaller(String userId, String username, Set<String> roles, String method, String path) {
        return SIGNER.sign(
                Passport.caller(
                        userId,
                        username,
                        roles,
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString()),
                "auth-service",
                method,
                path);
    }

    public static String forSession(
            String userId, String username, Set<String> roles, String sessionId, String method, String path) {
        return SIGNER.sign(
                Passport.caller(
                        userId, username, roles, sessionId, UUID.randomUUID().toString()),
                "auth-service",
                method,
                path);
    }

    public static String anonymous(String method, String path) {
        return SIGNER.sign(Passport.anonymous(null, null, null), "auth-service", method, path);
    }

    /** An anonymous passport naming the client address the gateway saw, as for a login or a registration. */
    public static String anonymousFrom(String address, String method, String path) {
        return SIGNER.sign(Passport.anonymous(null, null, null), "auth-service", method, path, address);
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
        return SIGNER.sign(
                Passport.caller(
                        userId, username, roles, sessionId, UUID.randomUUID().toString()),
                "auth-service",
                method,
                path,
                address);
    }
}
