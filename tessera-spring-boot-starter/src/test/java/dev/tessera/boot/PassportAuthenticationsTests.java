package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The passport's {@code amr} and {@code auth_time} as Spring Security 7's factor authorities, decided by Spring
 * Security's own multi-factor authorization manager: a rule that wants a recent second factor admits exactly the
 * callers whose passport says they used it recently enough.
 */
class PassportAuthenticationsTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void factorsWhenSecondFactorRecentThenAdmittedWhenOldOrMissingThenNot() {
        AllRequiredFactorsAuthorizationManager<Object> recentCode = AllRequiredFactorsAuthorizationManager.builder()
                .requireFactor(factor -> factor.passwordAuthority())
                .requireFactor(factor -> factor.authority("FACTOR_OTP").validDuration(Duration.ofMinutes(15)))
                .build();
        recentCode.setClock(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(granted(recentCode, caller(List.of("pwd", "otp"), NOW.minusSeconds(600))))
                .isTrue();
        assertThat(granted(recentCode, caller(List.of("pwd", "otp"), NOW.minusSeconds(1200))))
                .as("code older than 15 minutes")
                .isFalse();
        assertThat(granted(recentCode, caller(List.of("pwd"), NOW.minusSeconds(60))))
                .as("password only")
                .isFalse();
        assertThat(granted(recentCode, caller(List.of("pwd", "otp"), null)))
                .as("no auth_time: the factors count as issued at the epoch")
                .isFalse();
    }

    @Test
    void factorsWhenNoAuthTimeThenPresentButIssuedAtTheEpoch() {
        AllRequiredFactorsAuthorizationManager<Object> anyCode = AllRequiredFactorsAuthorizationManager.builder()
                .requireFactor(factor -> factor.authority("FACTOR_OTP"))
                .build();

        assertThat(granted(anyCode, caller(List.of("pwd", "otp"), null))).isTrue();
    }

    @Test
    void authoritiesWhenKeyMethodsOrUnknownOnesThenWebAuthnOnceAndNothingForTheRest() {
        Authentication authentication =
                PassportAuthentications.of(caller(List.of("hwk", "swk", "sc", "mfa", "pwd"), NOW));

        assertThat(authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority))
                .containsExactly("ROLE_USER", "FACTOR_WEBAUTHN", "FACTOR_PASSWORD");
    }

    private static boolean granted(AllRequiredFactorsAuthorizationManager<Object> manager, Passport passport) {
        return manager.authorize(() -> PassportAuthentications.of(passport), new Object())
                .isGranted();
    }

    private static Passport caller(List<String> methods, Instant authTime) {
        return Passport.caller("u-1", "alice", Set.of("USER"), "s", "j", methods, authTime);
    }
}
