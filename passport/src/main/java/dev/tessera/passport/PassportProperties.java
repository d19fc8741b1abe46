package dev.tessera.passport;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's binding of {@code tessera.passport.*} (it reads {@link #secrets()} to sign). Services do not use
 * this type: {@code tessera-spring-boot-starter} binds the same keys for verification, with generated metadata.
 *
 * @param secrets the shared secrets, base64, each at least 32 bytes decoded; the first signs, any
 *     verifies ({@code TESSERA_PASSPORT_SECRETS}, comma-separated). No default: start-up fails without
 *     one, except under the {@code dev} profile, which uses the published development secret and warns.
 * @param audience this service's name, e.g. {@code forum-service} ({@code TESSERA_PASSPORT_AUDIENCE});
 *     required
 * @param exemptPaths path patterns (Spring {@code PathPattern} syntax, e.g. {@code /public/**}) that need
 *     no passport; default none. The management port is never filtered.
 * @param clockSkew the allowed clock skew between gateway and service; default 5 s, at most 30 s
 */
@ConfigurationProperties("tessera.passport")
public record PassportProperties(
        List<String> secrets,
        String audience,
        @DefaultValue List<String> exemptPaths,
        @DefaultValue("5s") Duration clockSkew) {}
