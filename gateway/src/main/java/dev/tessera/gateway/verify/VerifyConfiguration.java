package dev.tessera.gateway.verify;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.policy.AccessPolicy;
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
    AccessTokenVerifier accessTokenVerifier(JwksCache keys, JwtProperties jwt, GatewayProperties gateway) {
        return new AccessTokenVerifier(keys, jwt, gateway.issuer(), Clock.systemUTC());
    }

    @Bean
    AuthenticationFilter authenticationFilter(
            AccessTokenVerifier verifier,
            AccessPolicy policy,
            JwtProperties jwt,
            CsrfProperties csrf,
            GatewayProperties gateway) {
        return new AuthenticationFilter(verifier, policy, jwt, csrf, gateway);
    }
}
