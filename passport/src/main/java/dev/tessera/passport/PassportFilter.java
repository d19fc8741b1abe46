package dev.tessera.passport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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

    /**
     * MDC keys for the request's log lines, named after the Elastic Common Schema fields: Spring Boot's
     * {@code ecs} structured format writes them as {@code {"user":{"id":..}}} and {@code
     * {"http":{"request":{"id":..}}}}. The services' own request-id filters use the same names.
     */
    static final String MDC_USER_ID = "user.id";

    static final String MDC_REQUEST_ID = "http.request.id";

    private final PassportVerifier verifier;
    private final List<PathPattern> exemptPaths;
    private final Consumer<PassportException.Reason> rejections;

    PassportFilter(PassportVerifier verifier, List<String> exemptPaths) {
        this(verifier, exemptPaths, reason -> {});
    }

    PassportFilter(PassportVerifier verifier, List<String> exemptPaths, Consumer<PassportException.Reason> rejections) {
        this.rejections = rejections;
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
            rejections.accept(ex.reason());
            ProblemResponses.unauthorized(request, response);
            return;
        }
        request.setAttribute(ATTRIBUTE, passport);
        // Who and which request, on every log line of this request (ids only: never the passport itself).
        boolean setUser = passport.isAuthenticated() && MDC.get(MDC_USER_ID) == null;
        String requestId = request.getHeader("X-Request-Id");
        boolean setRequest = MDC.get(MDC_REQUEST_ID) == null && RequestIdFilter.isSafe(requestId);
        if (setUser) {
            MDC.put(MDC_USER_ID, passport.userId());
        }
        if (setRequest) {
            MDC.put(MDC_REQUEST_ID, requestId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (setUser) {
                MDC.remove(MDC_USER_ID);
            }
            if (setRequest) {
                MDC.remove(MDC_REQUEST_ID);
            }
        }
    }

    private boolean isExempt(String path) {
        if (exemptPaths.isEmpty()) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return exemptPaths.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
