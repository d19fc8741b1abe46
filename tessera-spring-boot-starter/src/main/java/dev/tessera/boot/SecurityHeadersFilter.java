package dev.tessera.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Sets {@link SecurityHeadersProperties#headers()} on every servlet response, before anything can commit it. */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    private final String[][] headers;

    SecurityHeadersFilter(SecurityHeadersProperties properties) {
        this.headers = properties.headers();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String[] header : this.headers) {
            response.setHeader(header[0], header[1]);
        }
        chain.doFilter(request, response);
    }
}
