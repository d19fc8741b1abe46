package dev.tessera.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filter of the machine-token paths: a request there needs a valid machine token (401/503 problem before
 * any handler otherwise); the verified {@link ServiceCaller} is kept as the request attribute {@link
 * ServiceTokenPaths#ATTRIBUTE}.
 * Other paths pass untouched.
 */
final class ServiceTokenFilter extends OncePerRequestFilter {

    private final ServiceTokenVerifier verifier;

    private final ServiceTokenPaths paths;

    ServiceTokenFilter(ServiceTokenVerifier verifier, ServiceTokenPaths paths) {
        this.verifier = verifier;
        this.paths = paths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.matches(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = ServiceTokenPaths.bearer(Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)));
        if (token == null) {
            ServletProblems.write(request, response, new ServiceTokenProblems.MissingTokenException());
            return;
        }
        try {
            request.setAttribute(ServiceTokenPaths.ATTRIBUTE, verifier.verify(token));
        } catch (ProblemException ex) {
            ServletProblems.write(request, response, ex);
            return;
        }
        chain.doFilter(request, response);
    }
}
