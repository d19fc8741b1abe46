package dev.tessera.gateway.policy;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.route.PolicyProperties;
import dev.tessera.gateway.route.RolePermissions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Unless {@code tessera.gateway.policy.enabled} is {@code false}, the feed that keeps {@link RolePermissions} (made by
 * the routes' configuration) in step with auth-service's policy, its metrics and its health detail. Like the
 * revocation feed's, the health is always UP: a policy that cannot be fetched must not take the gateway out of
 * service; {@code loaded: false} and the failure counter are for alerts.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "tessera.gateway.policy.enabled", matchIfMissing = true)
    PolicyFeed policyFeed(
            RolePermissions permissions,
            PolicyProperties properties,
            GatewayProperties gateway,
            PassportSigners signers) {
        URI uri = (properties.uri() != null)
                ? properties.uri()
                : URI.create(gateway.authUri().toString().replaceAll("/+$", "") + "/internal/roles");
        return new PolicyFeed(permissions, uri, signers, properties, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "tessera.gateway.policy.enabled", matchIfMissing = true)
    MeterBinder policyMetrics(PolicyFeed feed) {
        return registry -> {
            FunctionCounter.builder("tessera.gateway.policy.polls", feed, PolicyFeed::successCount)
                    .tag("outcome", "success")
                    .register(registry);
            FunctionCounter.builder("tessera.gateway.policy.polls", feed, PolicyFeed::failureCount)
                    .tag("outcome", "failure")
                    .register(registry);
        };
    }

    @Bean
    HealthIndicator policyHealthIndicator(RolePermissions permissions, ObjectProvider<PolicyFeed> feeds) {
        return () -> {
            PolicyFeed feed = feeds.getIfAvailable();
            if (feed == null) {
                return Health.up()
                        .withDetail("source", "tessera.gateway.role-permissions")
                        .build();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("source", "auth-service");
            details.put("loaded", permissions.version() != null);
            details.put("version", String.valueOf(permissions.version()));
            details.put("lastSuccess", String.valueOf(feed.lastSuccess()));
            details.put("consecutiveFailures", feed.consecutiveFailures());
            return Health.up().withDetails(details).build();
        };
    }
}
