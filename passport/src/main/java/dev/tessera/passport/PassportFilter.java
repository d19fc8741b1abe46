package dev.tessera.passport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Refuses every request without a valid passport (401 problem+json) before any servlet or controller
 * sees it, and stores the verified passport as a request attribute for {@link PassportArgumentResolver}.
 * On an exempt path a missing passport is allowed (the caller is anonymous) but a present one must
 * still be valid: a forged passport is never silently downgraded.
 */
final class PassportFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = Passport.class.getName();

    private static final Logger logger = LoggerFactory.getLogger(PassportFilter.class);

    private final PassportVerifier verifier;
    private final List<PathPattern> exemptPaths;

    PassportFilter(PassportVerifier verifier, List<String> exemptPaths) {
        this.verifier = verifier;
        this.exemptPaths = exemptPaths.stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(PassportSigner.HEADER);
        String path = request.getRequestURI();
        if (token == null && isExempt(path)) {
            chain.doFilter(request, response);
            return;
        }
        Passport passport;
        try {
            passport = verifier.verify(token, request.getMethod(), path);
        } catch (PassportException ex) {
            // The reason is for operators; the client learns only "401". The token is never logged.
            logger.debug("Passport refused: {}", ex.reason());
            ProblemResponses.unauthorized(request, response);
            return;
        }
        request.setAttribute(ATTRIBUTE, passport);
        chain.doFilter(request, response);
    }

    private boolean isExempt(String path) {
        if (exemptPaths.isEmpty()) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return exemptPaths.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
