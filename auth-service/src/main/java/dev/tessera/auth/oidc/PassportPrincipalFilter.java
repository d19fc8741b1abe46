package dev.tessera.auth.oidc;

import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.passport.Passport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who the user is at {@code /authorize}: the caller of the gateway's passport (the starter's {@code
 * PassportSecurityContextFilter} made it the request's {@code Authentication}), turned into a plain {@link
 * UsernamePasswordAuthenticationToken} whose name is the user id. Spring Authorization Server stores the principal
 * of an authorization (JSON, with an allow-list of Spring Security's own types), so it must be one of those: the
 * name becomes {@code sub}, and the details carry the Tessera session ({@code sid}, the refresh family the browser's
 * access token belongs to) as {@link WebAuthenticationDetails#getSessionId()} and the client address the gateway
 * signed. A passport without a session (no {@code sid}) is not a browser login and stays anonymous, so the user is
 * sent to the login page.
 *
 * <p>A passport whose session has ended stays anonymous too, marked {@link #SESSION_ENDED}: the gateway accepts the
 * browser's access token until the revocation feed reaches it (or the token expires), but auth-service owns the
 * sessions and knows at once. Without this check a user who had just signed out (OpenID {@code end_session}, or
 * Tessera's page in another tab) would be handed a code that the token endpoint then refuses, and the application
 * could only say "login failed"; now they are asked for their password.
 */
final class PassportPrincipalFilter extends OncePerRequestFilter {

    /** Request attribute: the passport named a Tessera session that has ended. */
    static final String SESSION_ENDED = PassportPrincipalFilter.class.getName() + ".SESSION_ENDED";

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    private final RefreshTokenService sessions;

    PassportPrincipalFilter(RefreshTokenService sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = this.holder.getContext().getAuthentication();
        if (current != null && current.getPrincipal() instanceof Passport passport) {
            SecurityContext context = this.holder.createEmptyContext();
            if (passport.isAuthenticated() && isUuid(passport.sessionId()) && !ended(passport, request)) {
                UsernamePasswordAuthenticationToken user = UsernamePasswordAuthenticationToken.authenticated(
                        passport.userId(),
                        null,
                        passport.roles().stream()
                                .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                                .toList());
                user.setDetails(new WebAuthenticationDetails(passport.clientAddress(), passport.sessionId()));
                context.setAuthentication(user);
            }
            // Otherwise anonymous: no passport principal ever reaches Spring Authorization Server.
            this.holder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private boolean ended(Passport passport, HttpServletRequest request) {
        boolean live = isUuid(passport.userId())
                && this.sessions
                        .sessionStart(UUID.fromString(passport.sessionId()), UUID.fromString(passport.userId()))
                        .isPresent();
        if (!live) {
            request.setAttribute(SESSION_ENDED, Boolean.TRUE);
        }
        return !live;
    }

    static UUID sessionOf(Authentication principal) {
        if (principal != null && principal.getDetails() instanceof WebAuthenticationDetails details) {
            String sid = details.getSessionId();
            if (isUuid(sid)) {
                return UUID.fromString(sid);
            }
        }
        return null;
    }

    private static boolean isUuid(String value) {
        if (value == null) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
