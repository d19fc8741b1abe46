package dev.tessera.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassportMinterTests {

    private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final PassportMinter minter = new PassportMinter(SECRET, "forum-service");

    private final PassportVerifier verifier =
            new PassportVerifier(PassportSecrets.of(List.of(SECRET)), "forum-service");

    @Test
    void callerWhenVerifiedForSameRequestThenSameIdentity() throws PassportException {
        String token = minter.caller("u-1", "alice", Set.of("USER"), "POST", "/threads");

        Passport passport = verifier.verify(token, "POST", "/threads");

        assertThat(passport.userId()).isEqualTo("u-1");
        assertThat(passport.username()).isEqualTo("alice");
        assertThat(passport.roles()).containsExactly("USER");
        assertThat(passport.sessionId()).isNotBlank();
    }

    @Test
    void signWhenPathHasQueryThenBoundToPathOnlyAsTheGatewayDoes() throws PassportException {
        String token = minter.sign(PassportMinter.callerWithFreshIds("u-1", "alice", Set.of("USER")), "GET", "/t?x=1");

        assertThat(verifier.verify(token, "GET", "/t").userId()).isEqualTo("u-1");
    }

    @Test
    void anonymousWhenVerifiedThenNotAuthenticated() throws PassportException {
        assertThat(verifier.verify(minter.anonymous("GET", "/threads"), "GET", "/threads")
                        .isAuthenticated())
                .isFalse();
    }

    @Test
    void passportWhenOtherAudienceOrRequestThenRefused() {
        String forAuth = new PassportMinter(SECRET, "auth-service").anonymous("GET", "/threads");
        String forRead = minter.anonymous("GET", "/threads");

        assertThatExceptionOfType(PassportException.class)
                .isThrownBy(() -> verifier.verify(forAuth, "GET", "/threads"));
        assertThatExceptionOfType(PassportException.class)
                .isThrownBy(() -> verifier.verify(forRead, "POST", "/threads"));
    }
}
