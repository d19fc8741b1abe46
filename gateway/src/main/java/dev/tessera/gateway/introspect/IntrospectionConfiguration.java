package dev.tessera.gateway.introspect;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.passport.PassportSigners;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class IntrospectionConfiguration {

    @Bean
    AuthServiceIntrospection opaqueTokenIntrospection(
            GatewayProperties gateway,
            PassportSigners signers,
            IntrospectionProperties properties,
            WebClient.Builder http) {
        return new AuthServiceIntrospection(gateway.authUri(), signers, properties, Clock.systemUTC(), http);
    }

    /** Calls to auth-service and cached answers, on the management port (for load reports). */
    @Bean
    MeterBinder introspectionMetrics(AuthServiceIntrospection introspection) {
        return registry -> {
            FunctionCounter.builder("tessera.gateway.introspections", introspection, AuthServiceIntrospection::calls)
                    .description("Introspection calls to auth-service (cache misses)")
                    .register(registry);
            Gauge.builder("tessera.gateway.introspection.cached", introspection, AuthServiceIntrospection::cacheSize)
                    .description("Entries in the introspection cache")
                    .register(registry);
        };
    }
}
