package dev.tessera.boot;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passport verification in a service ({@code tessera.passport.*}).
 *
 * @param secrets the shared secrets, base64, each at least 32 bytes decoded; the first signs, any verifies ({@code
 *     TESSERA_PASSPORT_SECRETS}, comma-separated): this service's own key ring, the one the gateway holds for its
 *     audience. No default: start-up fails without one.
 * @param audience this service's name, e.g. {@code forum-service} ({@code TESSERA_PASSPORT_AUDIENCE}); required
 * @param exemptPaths path patterns (Spring {@code PathPattern} syntax, e.g. {@code /public/**}) where a missing
 *     passport is allowed (the caller is anonymous); a present one must still be valid. Default none. The management
 *     port is never filtered.
 * @param clockSkew the allowed clock skew between gateway and service; at most 30 s
 */
@ConfigurationProperties("tessera.passport")
record PassportProperties(
        List<String> secrets,
        String audience,
        @DefaultValue List<String> exemptPaths,
        @DefaultValue("5s") Duration clockSkew) {}
