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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    private static URI jwksUri(JwtProperties jwt, GatewayProperties gateway) {
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

    /** Only for the comparison: {@code tessera.gateway.jwt.verifier=spring-security}. */
    @Bean
    @Conditional(SpringSecurityVerifierChosen.class)
    SpringSecurityTokenVerifier springSecurityTokenVerifier(
            JwtProperties jwt, GatewayProperties gateway, RevocationList revocations, WebClient.Builder http) {
        return new SpringSecurityTokenVerifier(jwksUri(jwt, gateway), jwt, gateway.issuer(), revocations, http);
    }

    /** JWKS fetches and cache size on the management port (actuator metrics), for load reports. */
    @Bean
    MeterBinder verificationMetrics(
            JwksCache keys,
            AccessTokenVerifier verifier,
            ObjectProvider<SpringSecurityTokenVerifier> springSecurityVerifier) {
        return registry -> {
            verifier.bindTo(registry);
            springSecurityVerifier.ifAvailable(other -> other.bindTo(registry));
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
     * {@code tessera.gateway.jwt.verifier} names Spring Security's decoder, read with the same binding as {@link
     * JwtProperties} (so {@code spring-security}, {@code SPRING_SECURITY} and the environment variable all count).
     */
    static final class SpringSecurityVerifierChosen implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("tessera.gateway.jwt.verifier", JwtProperties.Verifier.class)
                    .map(JwtProperties.Verifier.SPRING_SECURITY::equals)
                    .orElse(false);
        }
    }

    /** JWTs at the edge go to the verifier {@code tessera.gateway.jwt.verifier} names. */
    @Bean
    AuthenticationFilter authenticationFilter(
            AccessTokenVerifier tesseraVerifier,
            ObjectProvider<SpringSecurityTokenVerifier> springSecurityVerifier,
            AccessPolicy policy,
            JwtProperties jwt,
            CsrfGuard csrf,
            OpaqueTokenIntrospection introspection) {
        TokenVerifier verifier = jwt.springSecurityVerifier() ? springSecurityVerifier.getObject() : tesseraVerifier;
        return new AuthenticationFilter(verifier, policy, jwt, csrf, introspection);
    }
}
