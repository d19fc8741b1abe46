package dev.tessera.gateway.verify;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.revocation.RevocationList;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The benchmark's comparison peer at the edge: with {@code tessera.gateway.jwt.verifier=spring-security}, Spring
 * Security's resource-server decoder ({@link SpringSecurityTokenVerifier}) verifies JWTs instead of {@link
 * AccessTokenVerifier}, as the {@code @Primary} {@link TokenVerifier}.
 *
 * <p>It lives with the gateway's tests, not in the gateway's jar: production runs one verifier and carries no Spring
 * Security. The tests here run the gateway with it; {@code benchmarks/load} puts these classes and Spring Security's
 * jars beside the gateway's executable jar ({@code loader.path}), where the auto-configuration entry in {@code
 * META-INF/spring} picks it up.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "tessera.gateway.jwt.verifier", havingValue = "spring-security")
public final class SpringSecurityVerifierConfiguration {

    @Bean
    @Primary
    SpringSecurityTokenVerifier springSecurityTokenVerifier(
            JwtProperties jwt, GatewayProperties gateway, RevocationList revocations, WebClient.Builder http) {
        return new SpringSecurityTokenVerifier(
                VerifyConfiguration.jwksUri(jwt, gateway), jwt, gateway.issuer(), revocations, http);
    }

    /** Its verifications and rejections by reason, beside the gateway's own. */
    @Bean
    MeterBinder springSecurityVerificationMetrics(SpringSecurityTokenVerifier verifier) {
        return verifier::bindTo;
    }
}
