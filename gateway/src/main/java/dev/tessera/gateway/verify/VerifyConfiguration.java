package dev.tessera.gateway.verify;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.csrf.CsrfGuard;
import dev.tessera.gateway.revocation.RevocationList;
import dev.tessera.gateway.route.AccessPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    /** Where the key set is fetched: {@code jwks-uri}, or auth-service's well-known path. */
    static URI jwksUri(JwtProperties jwt, GatewayProperties gateway) {
        return (jwt.jwksUri() != null)
                ? jwt.jwksUri()
                : URI.create(gateway.authUri().toString().replaceAll("/+$", "") + "/.well-known/jwks.json");
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    JwksCache jwksCache(JwtProperties jwt, GatewayProperties gateway) {
        return new JwksCache(jwksUri(jwt, gateway), jwt.algorithm().jws(), jwt);
    }

    /**
     * Tessera's verifier: the edge's by default, and always the one the browser-session endpoints use to read the
     * tokens auth-service issues (so they keep {@link JwksCache} in both modes).
     */
    @Bean
    AccessTokenVerifier accessTokenVerifier(
            JwksCache keys, JwtProperties jwt, GatewayProperties gateway, RevocationList revocations) {
        return new AccessTokenVerifier(keys, jwt, gateway.issuer(), Clock.systemUTC(), revocations);
    }

    /** JWKS fetches and cache size on the management port (actuator metrics), for load reports. */
    @Bean
    MeterBinder verificationMetrics(JwksCache keys, AccessTokenVerifier verifier) {
        return registry -> {
            verifier.bindTo(registry);
            FunctionCounter.builder("tessera.gateway.jwks.fetches", keys, JwksCache::fetchCount)
                    .description("JWKS fetches started (start-up, periodic, unknown kid)")
                    .register(registry);
            Gauge.builder("tessera.gateway.jwks.age", keys, JwksCache::ageSeconds)
                    .description("Seconds since the key set was last loaded (-1: never)")
                    .baseUnit("seconds")
                    .register(registry);
            Gauge.builder("tessera.gateway.verified.tokens", verifier, AccessTokenVerifier::cacheSize)
                    .description("Entries in the verified-token cache")
                    .register(registry);
        };
    }

    /**
     * JWTs at the edge go to the one {@link TokenVerifier}: {@link AccessTokenVerifier}, unless the benchmark adds a
     * {@code @Primary} one of its own for its comparison.
     */
    @Bean
    AuthenticationFilter authenticationFilter(
            TokenVerifier verifier,
            AccessPolicy policy,
            JwtProperties jwt,
            CsrfGuard csrf,
            OpaqueTokenIntrospection introspection) {
        return new AuthenticationFilter(verifier, policy, jwt, csrf, introspection, Clock.systemUTC());
    }
}
