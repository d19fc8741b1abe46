package dev.tessera.gateway.verify;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.policy.AccessPolicy;
import dev.tessera.gateway.revocation.RevocationList;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    JwksCache jwksCache(JwtProperties jwt, GatewayProperties gateway) {
        URI uri = (jwt.jwksUri() != null)
                ? jwt.jwksUri()
                : URI.create(gateway.authUri().toString().replaceAll("/+$", "") + "/.well-known/jwks.json");
        return new JwksCache(uri, JWSAlgorithm.parse(jwt.algorithm()), jwt);
    }

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

    @Bean
    CsrfGuard csrfGuard(CsrfProperties csrf, GatewayProperties gateway) {
        return new CsrfGuard(csrf, gateway);
    }

    @Bean
    AuthenticationFilter authenticationFilter(
            AccessTokenVerifier verifier,
            AccessPolicy policy,
            JwtProperties jwt,
            CsrfGuard csrf,
            OpaqueTokenIntrospection introspection) {
        return new AuthenticationFilter(verifier, policy, jwt, csrf, introspection);
    }
}
