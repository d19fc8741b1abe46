package dev.tessera.boot;

import dev.tessera.passport.Passport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The verified passport as Spring Security's {@link Authentication}: the principal is the {@link Passport}, and an
 * anonymous passport is an {@link AnonymousAuthenticationToken} (so {@code isAnonymous()} holds and {@code
 * isAuthenticated()} in expressions does not). The credentials are never the passport's text: there are none.
 *
 * <p>A signed-in caller's authorities, in this order:
 *
 * <ol>
 *   <li>{@code ROLE_<role>} for each role ({@code hasRole('ADMIN')});
 *   <li>each permission as it is ({@code hasAuthority('forum:moderate')}): the permissions the gateway found for the
 *       caller's roles in this service's namespace ({@code perm}). A permission is lower case, so it never reads as a
 *       {@code ROLE_} or {@code FACTOR_} authority;
 *   <li>a {@link FactorGrantedAuthority} for each RFC 8176 method of {@code amr} that Spring Security names, issued at
 *       {@code auth_time}, for Spring Security's multi-factor authorization ({@code RequiredFactor}, {@code
 *       hasAllAuthorities('FACTOR_PASSWORD','FACTOR_OTP')}): {@code pwd} is {@code FACTOR_PASSWORD}; {@code otp} is
 *       {@code FACTOR_OTP} (a code from an authenticator app, RFC 6238; not Spring's {@code FACTOR_OTT}, a one-time
 *       login link, which a code must not satisfy); {@code hwk} and {@code swk} (proof of possession of a key) are
 *       {@code FACTOR_WEBAUTHN}, what Spring Security's own WebAuthn login grants. Other methods grant none. When the
 *       passport has no {@code auth_time}, the factors are issued at the epoch: a rule that asks only for the factor
 *       admits, one that asks for a recent factor ({@code validDuration}) does not.
 * </ol>
 */
final class PassportAuthentications {

    /** The key of the anonymous tokens: they are made here, never sent anywhere. */
    private static final String ANONYMOUS_KEY = UUID.randomUUID().toString();

    private static final List<GrantedAuthority> ANONYMOUS = AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS");

    private PassportAuthentications() {}

    /** RFC 8176 method to Spring Security's factor authority, for the methods that have one. */
    private static final Map<String, String> FACTORS = Map.of(
            "pwd", FactorGrantedAuthority.PASSWORD_AUTHORITY,
            "otp", "FACTOR_OTP",
            "hwk", FactorGrantedAuthority.WEBAUTHN_AUTHORITY,
            "swk", FactorGrantedAuthority.WEBAUTHN_AUTHORITY);

    static Authentication of(Passport passport) {
        if (!passport.isAuthenticated()) {
            return new AnonymousAuthenticationToken(ANONYMOUS_KEY, passport, ANONYMOUS);
        }
        return new PassportAuthentication(passport);
    }

    /**
     * A signed-in caller. Spring Security's {@code PreAuthenticatedAuthenticationToken} would do but for its name:
     * it names the principal by {@code toString()}, which for a passport lists its session and token ids; this one
     * is named by the user id alone.
     */
    static final class PassportAuthentication extends AbstractAuthenticationToken {

        private static final long serialVersionUID = 1L;

        private final Passport passport;

        PassportAuthentication(Passport passport) {
            super(authorities(passport));
            this.passport = passport;
            setAuthenticated(true);
        }

        private static List<GrantedAuthority> authorities(Passport passport) {
            List<GrantedAuthority> authorities = new ArrayList<>();
            passport.roles().stream()
                    .sorted()
                    .forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            passport.permissions().forEach(permission -> authorities.add(new SimpleGrantedAuthority(permission)));
            Instant issuedAt = (passport.authTime() != null) ? passport.authTime() : Instant.EPOCH;
            Map<String, GrantedAuthority> factors = new LinkedHashMap<>();
            for (String method : passport.authenticationMethods()) {
                String factor = FACTORS.get(method);
                if (factor != null) {
                    factors.computeIfAbsent(
                            factor,
                            name -> FactorGrantedAuthority.withAuthority(name)
                                    .issuedAt(issuedAt)
                                    .build());
                }
            }
            authorities.addAll(factors.values());
            return authorities;
        }

        @Override
        public Object getPrincipal() {
            return this.passport;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public String getName() {
            return this.passport.userId();
        }
    }
}
