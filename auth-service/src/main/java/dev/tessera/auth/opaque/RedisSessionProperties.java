package dev.tessera.auth.opaque;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The opt-in Redis copy of scheme A's sessions ({@code tessera.auth.sessions.redis}), read by gateways with {@code
 * tessera.gateway.introspection.mode=redis}. Where Redis is comes from Spring Boot's {@code spring.data.redis.*}
 * ({@code SPRING_DATA_REDIS_HOST}, {@code _PORT}, {@code _PASSWORD}, ...).
 *
 * @param enabled write every opaque session to Redis too, and end it there whenever its family or account is
 *     revoked (default {@code false}: PostgreSQL and the introspection endpoint only)
 * @param keyPrefix prefix of every key written; the gateway's {@code tessera.gateway.introspection.redis.key-prefix}
 *     must be the same (default {@code tessera:session:})
 */
@Validated
@ConfigurationProperties("tessera.auth.sessions.redis")
record RedisSessionProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @DefaultValue("tessera:session:") String keyPrefix) {}
