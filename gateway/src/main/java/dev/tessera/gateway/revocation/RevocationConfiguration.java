package dev.tessera.gateway.revocation;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.passport.PassportSigner;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The revocation list every verification consults, and (unless {@code tessera.gateway.revocation.enabled}
 * is {@code false}) the feed that fills it, its metrics and its health detail. The health indicator is
 * always UP with the staleness as detail: a stale feed must not take the gateway out of service (it is not
 * part of readiness), it is for operators and alerts.
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
            RevocationList list, RevocationProperties properties, GatewayProperties gateway, PassportSigner signer) {
        URI uri = (properties.uri() != null)
                ? properties.uri()
                : URI.create(gateway.authUri().toString().replaceAll("/+$", "") + "/internal/revocations");
        return new RevocationFeed(list, uri, signer, properties, Clock.systemUTC());
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
    @ConditionalOnProperty(name = "tessera.gateway.revocation.enabled", matchIfMissing = true)
    HealthIndicator revocationFeedHealthIndicator(RevocationList list, RevocationFeed feed) {
        return () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stalenessSeconds", feed.staleness().toSeconds());
            details.put("lastSuccess", String.valueOf(feed.lastSuccess()));
            details.put("consecutiveFailures", feed.consecutiveFailures());
            details.put("entries", list.size());
            return Health.up().withDetails(details).build();
        };
    }
}
