package dev.tessera.passport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A printed figure, no assertion on it (not part of the suite; run it with {@code -Dtest=PassportSizeFigure}): how
 * large the {@code X-Tessera-Passport} header of a signed-in caller is with 0, 10, 50 and {@value
 * Passport#MAX_PERMISSIONS} permissions in {@code perm} (issue 17), and what minting it costs. The passport is signed
 * by the real signer; the permissions are realistic names (17 characters, like {@code forum:post:delete}). The
 * minting time is a crude loop (warm-up, then the best of five rounds), comparable only within one run: the
 * machine is shared; {@code PassportSchemeBenchmarks} (JMH) is the careful measurement.
 */
class PassportSizeFigure {

    private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final int ROUNDS = 5;

    private static final int MINTS_PER_ROUND = 20_000;

    @Test
    void printSizesAndMintingCostWithZeroTenFiftyAndSixtyFourPermissions() {
        PassportSigner signer = new PassportSigner(PassportSecrets.of(List.of(SECRET)));
        Passport caller = Passport.caller(
                UUID.randomUUID().toString(),
                "alice.example",
                Set.of("USER", "MODERATOR"),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (int count : new int[] {0, 10, 50, Passport.MAX_PERMISSIONS}) {
            List<String> permissions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                permissions.add(String.format("forum:res%03d:write", i));
            }
            Passport withPermissions = caller.withPermissions(permissions);
            String passport =
                    signer.sign(withPermissions, "forum-service", "DELETE", "/threads/42/posts/7", "203.0.113.9");
            double best = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS + 1; round++) {
                long start = System.nanoTime();
                int sink = 0;
                for (int i = 0; i < MINTS_PER_ROUND; i++) {
                    sink += signer.sign(
                                    withPermissions, "forum-service", "DELETE", "/threads/42/posts/7", "203.0.113.9")
                            .length();
                }
                double micros = (System.nanoTime() - start) / 1000.0 / MINTS_PER_ROUND;
                if (round > 0 && sink > 0) {
                    best = Math.min(best, micros);
                }
            }
            System.out.printf(
                    "passport with %2d permissions: %5d bytes, minted in %.2f µs (best of %d rounds of %d)%n",
                    count, passport.length(), best, ROUNDS, MINTS_PER_ROUND);
        }
    }
}
