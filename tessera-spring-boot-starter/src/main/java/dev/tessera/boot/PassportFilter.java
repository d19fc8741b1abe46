package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every request without a valid passport (401 problem+json) before any servlet or controller sees it, and
 * stores the verified passport as the request attribute {@link Callers#ATTRIBUTE}. On an exempt path a missing
 * passport is allowed (the caller is anonymous) but a present one must still be valid: a forged passport is never
 * silently downgraded. The caller's id goes into the logging context ({@code user.id}) for the request.
 */
final class PassportFilter extends OncePerRequestFilter {

    private static final Logger logger = LoggerFactory.getLogger(PassportFilter.class);

    private final PassportVerifier verifier;

    private final ExemptPaths exemptPaths;

    /** Paths that take a machine token instead (tessera.service-token.paths): another filter's. */
    private final java.util.function.Predicate<String> machineTokenPaths;

    private final Consumer<PassportException.Reason> rejections;

    PassportFilter(
            PassportVerifier verifier,
            ExemptPaths exemptPaths,
            java.util.function.Predicate<String> machineTokenPaths,
            Consumer<PassportException.Reason> rejections) {
        this.verifier = verifier;
        this.exemptPaths = exemptPaths;
        this.machineTokenPaths = machineTokenPaths;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(PassportSigner.HEADER);
        // The raw path, as received: the gateway binds the passport to the path the upstream receives.
        String path = request.getRequestURI();
        if (this.machineTokenPaths.test(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (token == null && this.exemptPaths.matches(path)) {
            chain.doFilter(request, response);
            return;
        }
        Passport passport;
        try {
            passport = this.verifier.verify(token, request.getMethod(), path);
        } catch (PassportException ex) {
            // The reason is for operators; the client learns only "401". The token is never logged.
            logger.debug("Passport refused: {}", ex.reason());
            this.rejections.accept(ex.reason());
            ServletProblems.write(request, response, new CallerProblems.PassportRefusedException());
            return;
        }
        request.setAttribute(Callers.ATTRIBUTE, passport);
        // Who and which request, on every log line of this request (ids only: never the passport itself). The
        // request id is the request-id filter's; this filter sets it only when that filter is switched off.
        boolean setUser = passport.isAuthenticated() && MDC.get(Callers.MDC_USER_ID) == null;
        String requestId = request.getHeader(RequestIds.HEADER);
        boolean setRequest = MDC.get(RequestIds.MDC_KEY) == null && RequestIds.isSafe(requestId);
        if (setUser) {
            MDC.put(Callers.MDC_USER_ID, passport.userId());
        }
        if (setRequest) {
            MDC.put(RequestIds.MDC_KEY, requestId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (setUser) {
                MDC.remove(Callers.MDC_USER_ID);
            }
            if (setRequest) {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }
}
