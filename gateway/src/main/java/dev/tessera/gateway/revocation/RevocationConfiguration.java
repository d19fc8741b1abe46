package dev.tessera.gateway.revocation;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.passport.PassportSigners;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The revocation list every verification consults, and (unless {@code tessera.gateway.revocation.enabled}
 * is {@code false}) the feed that fills it, its metrics and its health detail. The health indicator is part
 * of the readiness group so that the staleness shows where orchestrators and operators look, but it is
 * always UP: a stale feed must not take the gateway out of service (every gateway would leave at once when
 * auth-service is down, and the tokens they verify locally would all be refused). {@code stale} in the
 * detail and the staleness metric are for alerts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RevocationProperties.class)
class RevocationConfiguration {

    @Bean
    RevocationList revocationList() {
        return new RevocationList();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "tessera.gateway.revocation.enabled", matchIfMissing = true)
    RevocationFeed revocationFeed(
            RevocationList list, RevocationProperties properties, GatewayProperties gateway, PassportSigners signers) {
        URI uri = (properties.uri() != null)
                ? properties.uri()
                : URI.create(gateway.authUri().toString().replaceAll("/+$", "") + "/internal/revocations");
        return new RevocationFeed(list, uri, signers, properties, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "tessera.gateway.revocation.enabled", matchIfMissing = true)
    MeterBinder revocationMetrics(RevocationList list, RevocationFeed feed) {
        return registry -> {
            Gauge.builder(
                            "tessera.gateway.revocation.staleness",
                            feed,
                            f -> f.staleness().toMillis() / 1000.0)
                    .description("Seconds since the revocation feed last answered (the feed lag)")
                    .baseUnit("seconds")
                    .register(registry);
            Gauge.builder("tessera.gateway.revocation.entries", list, RevocationList::size)
                    .description("Revocations held (users and sessions within one token lifetime)")
                    .register(registry);
            FunctionCounter.builder("tessera.gateway.revocation.polls", feed, RevocationFeed::successCount)
                    .tag("outcome", "success")
                    .register(registry);
            FunctionCounter.builder("tessera.gateway.revocation.polls", feed, RevocationFeed::failureCount)
                    .tag("outcome", "failure")
                    .register(registry);
        };
    }

    @Bean
    HealthIndicator revocationFeedHealthIndicator(
            RevocationList list, ObjectProvider<RevocationFeed> feeds, RevocationProperties properties) {
        return () -> {
            RevocationFeed feed = feeds.getIfAvailable();
            if (feed == null) {
                return Health.up().withDetail("enabled", false).build();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stale", feed.staleness().compareTo(properties.staleAfter()) > 0);
            details.put("stalenessSeconds", feed.staleness().toSeconds());
            details.put("lastSuccess", String.valueOf(feed.lastSuccess()));
            details.put("consecutiveFailures", feed.consecutiveFailures());
            details.put("entries", list.size());
            return Health.up().withDetails(details).build();
        };
    }
}
