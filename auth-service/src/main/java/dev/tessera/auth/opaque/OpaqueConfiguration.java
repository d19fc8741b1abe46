package dev.tessera.auth.opaque;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OpaqueProperties.class, RedisSessionProperties.class})
class OpaqueConfiguration {

    @Bean
    SchedulingConfigurer opaqueSessionCleanupSchedule(OpaqueSessions sessions, OpaqueProperties properties) {
        return registrar -> registrar.addFixedDelayTask(sessions::cleanUp, properties.cleanupInterval());
    }

    @Bean
    @ConditionalOnBooleanProperty("tessera.auth.sessions.redis.enabled")
    RedisSessionStore redisSessionStore(
            StringRedisTemplate redis,
            JsonMapper json,
            RedisSessionProperties properties,
            OpaqueProperties opaque,
            JdbcClient jdbc) {
        return new RedisSessionStore(redis, json, properties, opaque, jdbc);
    }

    /**
     * While Redis is unreachable, commands fail at once instead of queueing until it is back (Lettuce's default):
     * a login or a logout answers 503 within the command timeout, never waits for a reconnect.
     */
    @Bean
    @ConditionalOnBooleanProperty("tessera.auth.sessions.redis.enabled")
    LettuceClientOptionsBuilderCustomizer redisSessionClientOptions() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled());
    }

    /**
     * Reconnect within about a second of Redis coming back: Lettuce's default backs off up to 30 s, and with
     * commands rejected while disconnected every login and logout of scheme A would answer 503 for that long.
     */
    @Bean
    @ConditionalOnBooleanProperty("tessera.auth.sessions.redis.enabled")
    ClientResourcesBuilderCustomizer redisSessionReconnectDelay() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }
}
