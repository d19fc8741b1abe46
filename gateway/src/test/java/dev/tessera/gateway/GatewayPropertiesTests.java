package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.gateway.verify.JwtProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variable names docker-compose and the launcher use really bind. */
class GatewayPropertiesTests {

    private static Binder binder(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", environment));
        return new Binder(ConfigurationPropertySources.get(env));
    }

    @Test
    void bindWhenEnvironmentVariablesThenAuthServiceIssuerAndSkewSet() {
        Binder binder = binder(Map.of(
                "TESSERA_GATEWAY_AUTH_URI", "http://auth-service:8081",
                "TESSERA_GATEWAY_ISSUER", "https://tessera.example",
                "TESSERA_GATEWAY_JWT_CLOCK_SKEW", "5s",
                "TESSERA_GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8,192.168.0.0/16"));

        GatewayProperties gateway = binder.bindOrCreate("tessera.gateway", GatewayProperties.class);
        JwtProperties jwt = binder.bindOrCreate("tessera.gateway.jwt", JwtProperties.class);

        assertThat(gateway.authUri()).hasToString("http://auth-service:8081");
        assertThat(gateway.authAudience()).isEqualTo("auth-service");
        assertThat(gateway.issuer()).isEqualTo("https://tessera.example");
        assertThat(gateway.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.0.0/16");
        assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(jwt.algorithm()).isEqualTo("RS256");
    }
}
