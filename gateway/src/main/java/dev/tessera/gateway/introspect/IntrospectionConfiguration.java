package dev.tessera.gateway.introspect;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.verify.OpaqueTokenIntrospection;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.data.redis.health.DataRedisReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class IntrospectionConfiguration {

    /**
     * Scheme A's judge by {@code tessera.gateway.introspection.mode}. Redis's beans are Boot's and connect on first
     * use, so the default mode never talks to Redis. The clock (the system's unless a {@link Clock} bean is defined)
     * times the answers' expiry and the caches, so a test can move it instead of sleeping.
     */
    @Bean
    OpaqueTokenIntrospection opaqueTokenIntrospection(
            GatewayProperties gateway,
            PassportSigners signers,
            IntrospectionProperties properties,
            WebClient.Builder http,
            ObjectProvider<ReactiveStringRedisTemplate> redis,
            ObjectProvider<Clock> clocks,
            JsonMapper json,
            MeterRegistry meters) {
        Clock clock = clocks.getIfAvailable(Clock::systemUTC);
        return switch (properties.mode()) {
            case AUTH_SERVICE -> new AuthServiceIntrospection(gateway.authUri(), signers, properties, clock, http);
            case REDIS -> {
                RedisSessionIntrospection sessions =
                        new RedisSessionIntrospection(redis.getObject(), json, properties.redis(), clock, meters);
                sessions.warmUp();
                yield sessions;
            }
        };
    }

    /** Calls to auth-service and cached answers, on the management port (for load reports). */
    @Bean
    MeterBinder introspectionMetrics(OpaqueTokenIntrospection introspection) {
        return registry -> {
            if (!(introspection instanceof AuthServiceIntrospection calls)) {
                return; // the Redis mode counts its look-ups itself (tessera.gateway.redis.sessions)
            }
            FunctionCounter.builder("tessera.gateway.introspections", calls, AuthServiceIntrospection::calls)
                    .description("Introspection calls to auth-service (cache misses)")
                    .register(registry);
            Gauge.builder("tessera.gateway.introspection.cached", calls, AuthServiceIntrospection::cacheSize)
                    .description("Entries in the introspection cache")
                    .register(registry);
        };
    }

    /** Only in the Redis mode: its client options, and a {@code redis} component in {@code /actuator/health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "tessera.gateway.introspection.mode", havingValue = "redis")
    static class RedisMode {

        /**
         * Not in the readiness group: with Redis gone the gateway still serves JWTs and public routes, and refuses
         * opaque sessions with 503 itself.
         */
        @Bean
        DataRedisReactiveHealthIndicator redisHealthIndicator(ReactiveRedisConnectionFactory connections) {
            return new DataRedisReactiveHealthIndicator(connections);
        }

        /**
         * While Redis is unreachable a look-up fails at once (503) instead of queueing until it is back, Lettuce's
         * default; the timeout bounds a Redis that accepts but does not answer.
         */
        @Bean
        LettuceClientOptionsBuilderCustomizer redisSessionClientOptions() {
            return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }

        /** Reconnect within about a second of Redis coming back (Lettuce's default backs off up to 30 s). */
        @Bean
        ClientResourcesBuilderCustomizer redisSessionReconnectDelay() {
            return resources -> resources.reconnectDelay(Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(1), 2, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
    }
}
