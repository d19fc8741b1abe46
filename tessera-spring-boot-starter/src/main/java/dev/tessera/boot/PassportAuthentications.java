package dev.tessera.boot;

import dev.tessera.passport.Passport;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The verified passport as Spring Security's {@link Authentication}: the principal is the {@link Passport}, the
 * authorities are {@code ROLE_<role>} for its roles, and an anonymous passport is an {@link
 * AnonymousAuthenticationToken} (so {@code isAnonymous()} holds and {@code isAuthenticated()} in expressions does
 * not). The credentials are never the passport's text: there are none.
 */
final class PassportAuthentications {

    /** The key of the anonymous tokens: they are made here, never sent anywhere. */
    private static final String ANONYMOUS_KEY = UUID.randomUUID().toString();

    private static final List<GrantedAuthority> ANONYMOUS = AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS");

    private PassportAuthentications() {}

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
            super(passport.roles().stream()
                    .sorted()
                    .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                    .toList());
            this.passport = passport;
            setAuthenticated(true);
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
