package dev.tessera.gateway.policy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Route-level access rules ({@code tessera.gateway.access.rules[n].*}), first match wins; a request no
 * rule matches is denied (404). Defaults live in {@code application.yml}.
 *
 * @param rules the rules, in order
 */
@ConfigurationProperties("tessera.gateway.access")
public record AccessProperties(@DefaultValue List<Rule> rules) {

    /**
     * One rule.
     *
     * @param pattern a Spring {@code PathPattern} over the public path, e.g. {@code /api/forum/**}
     * @param methods HTTP methods; empty means any
     * @param access {@code public}, {@code authenticated} or {@code role:NAME}
     */
    public record Rule(String pattern, @DefaultValue List<String> methods, String access) {}
}
