package dev.tessera.benchmarks;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.util.List;

/**
 * Prints an anonymous passport for one request, so the load script can call forum-service directly
 * (its own cost, passport check included): {@code MintPassport <base64 secret> <audience> <method> <path>}.
 * A passport lives 30 s: mint one right before each load run.
 */
public final class MintPassport {

    private MintPassport() {}

    public static void main(String[] args) {
        PassportSigner signer = new PassportSigner(PassportSecrets.of(List.of(args[0])));
        System.out.println(signer.sign(Passport.anonymous(null, null, null), args[1], args[2], args[3]));
    }
}
