package dev.tessera.passport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A printed figure, no assertion on it (not part of the suite; run it with {@code -Dtest=PassportSizeFigure}): how
 * large the {@code X-Tessera-Passport} header of a signed-in caller would grow if the passport carried the caller's
 * permissions (issue 17) besides its roles. The passport is signed as the gateway signs it; the permissions are
 * spliced into its payload as a {@code permissions} array of realistic names (17 characters, like {@code
 * forum:post:delete}) before it is re-encoded, the signature's length being the same for any payload.
 */
class PassportSizeFigure {

    private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void printSizesWithZeroTenAndFiftyPermissions() {
        PassportSigner signer = new PassportSigner(PassportSecrets.of(List.of(SECRET)));
        Passport caller = Passport.caller(
                UUID.randomUUID().toString(),
                "alice.example",
                Set.of("USER", "MODERATOR"),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        String passport = signer.sign(caller, "forum-service", "DELETE", "/threads/42/posts/7", "203.0.113.9");
        String[] parts = passport.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        System.out.printf("passport payload today: %s%n", payload);
        for (int count : new int[] {0, 10, 50}) {
            List<String> permissions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                permissions.add(String.format("svc%d:res%03d:write", i % 6, i));
            }
            String extended = (count == 0)
                    ? payload
                    : payload.substring(0, payload.length() - 1) + ",\"permissions\":[\""
                            + String.join("\",\"", permissions) + "\"]}";
            String encoded =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(extended.getBytes(StandardCharsets.UTF_8));
            int size = parts[0].length() + 1 + encoded.length() + 1 + parts[2].length();
            System.out.printf(
                    "passport with %2d permissions: %5d bytes (payload JSON %5d bytes)%n",
                    count, size, extended.length());
        }
    }
}
