package dev.tessera.boot;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The {@code tessera.passport.exempt-paths}: Spring {@link PathPattern}s matched against the raw request path. */
final class ExemptPaths {

    private final List<PathPattern> patterns;

    ExemptPaths(List<String> patterns) {
        this.patterns =
                patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    boolean matches(String path) {
        if (this.patterns.isEmpty()) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return this.patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
