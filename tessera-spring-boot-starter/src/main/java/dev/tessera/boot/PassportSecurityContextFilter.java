package dev.tessera.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the verified passport the request's {@code Authentication} (see {@link PassportAuthentications}). Runs right
 * after the passport filter and before Spring Security's filter chain: it saves the context where Spring Security's
 * default repository looks first ({@link RequestAttributeSecurityContextRepository}), so the application's own
 * {@code SecurityFilterChain} loads it, and it also holds it for the request so method security works without a
 * chain. Nothing is stored in a session.
 */
final class PassportSecurityContextFilter extends OncePerRequestFilter {

    private final String audience;

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    private final RequestAttributeSecurityContextRepository repository =
            new RequestAttributeSecurityContextRepository();

    PassportSecurityContextFilter(String audience) {
        this.audience = audience;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = this.holder.createEmptyContext();
        context.setAuthentication(PassportAuthentications.of(
                Callers.orAnonymous(request.getAttribute(Callers.ATTRIBUTE), this.audience)));
        this.repository.saveContext(context, request, response);
        this.holder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            this.holder.clearContext();
        }
    }
}
