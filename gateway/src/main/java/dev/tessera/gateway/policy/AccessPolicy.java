package dev.tessera.gateway.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The access rules in order; {@link #match} answers {@code null} (deny) when none matches. */
@Component
public final class AccessPolicy {

    private final List<CompiledRule> rules;

    AccessPolicy(AccessProperties properties) {
        this.rules = properties.rules().stream().map(CompiledRule::of).toList();
        if (rules.isEmpty()) {
            throw new IllegalStateException("No access rules configured (tessera.gateway.access.rules)");
        }
    }

    /**
     * The access the first matching rule demands.
     *
     * @param method the request method
     * @param path the public request path
     * @return the access, or {@code null} when no rule matches (deny)
     */
    public Access match(String method, PathContainer path) {
        for (CompiledRule rule : rules) {
            if ((rule.methods().isEmpty() || rule.methods().contains(method))
                    && rule.pattern().matches(path)) {
                return rule.access();
            }
        }
        return null;
    }

    private record CompiledRule(PathPattern pattern, Set<String> methods, Access access) {

        static CompiledRule of(AccessProperties.Rule rule) {
            if (rule.pattern() == null || rule.pattern().isBlank()) {
                throw new IllegalArgumentException("An access rule needs a pattern");
            }
            return new CompiledRule(
                    PathPatternParser.defaultInstance.parse(rule.pattern()),
                    rule.methods().stream()
                            .map(method -> method.strip().toUpperCase(Locale.ROOT))
                            .collect(Collectors.toUnmodifiableSet()),
                    Access.parse(rule.access()));
        }
    }
}
