package dev.tessera.boot;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The paths that take a machine token instead of a passport ({@code tessera.service-token.paths}); the passport
 * filters leave them to the service-token filters. Also the one rule for reading the bearer token there.
 */
final class ServiceTokenPaths {

    /**
     * The request/exchange attribute holding the verified {@link ServiceCaller}. Here, not in the servlet filter:
     * a reactive service has no servlet API, and loading that filter class there fails.
     */
    static final String ATTRIBUTE = ServiceCaller.class.getName();

    private final ExemptPaths patterns;

    ServiceTokenPaths(List<String> patterns) {
        this.patterns = new ExemptPaths(patterns);
    }

    boolean matches(String path) {
        return patterns.matches(path);
    }

    /**
     * The bearer token of a request: exactly one {@code Authorization} header with the {@code Bearer} scheme (any
     * case, RFC 6750). {@code null} when there is none or several.
     */
    static @Nullable String bearer(@Nullable List<String> authorization) {
        if (authorization == null || authorization.size() != 1) {
            return null;
        }
        String value = authorization.get(0);
        if (value.length() < 7
                || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return value.substring(7).strip();
    }
}
