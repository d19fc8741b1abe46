package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.gateway.ratelimit.RateLimitProperties;
import dev.tessera.gateway.revocation.RevocationProperties;
import dev.tessera.gateway.verify.JwtProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variable names docker-compose and the launcher use really bind. */
class GatewayPropertiesTests {

    private static Binder binder(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", environment));
        return new Binder(ConfigurationPropertySources.get(env));
    }

    private static Binder properties(String name, String value) {
        return new Binder(new MapConfigurationPropertySource(Map.of(name, value)));
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
        assertThat(jwt.algorithm()).isEqualTo(JwtProperties.Algorithm.RS256);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "TESSERA_GATEWAY_ISSUER|localhost:8080|tessera.gateway.issuer (TESSERA_GATEWAY_ISSUER) must be an absolute URL",
                "TESSERA_GATEWAY_AUTH_URI|/auth|tessera.gateway.auth-uri (TESSERA_GATEWAY_AUTH_URI) must be an absolute URL",
                "TESSERA_GATEWAY_RESPONSE_TIMEOUT|0s|tessera.gateway.connect-timeout and response-timeout must be positive",
                "TESSERA_GATEWAY_PUBLIC_ORIGINS|http://localhost:8080/|http://localhost:8080/' is not an origin"
            })
    void bindWhenGatewaySettingMalformedThenRefusedNamingIt(String variable, String value, String message) {
        Binder binder = binder(Map.of(variable, value));

        assertThatThrownBy(() -> binder.bindOrCreate("tessera.gateway", GatewayProperties.class))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void bindWhenFeedRateLimitOrShutdownSettingsMalformedThenRefused() {
        assertThatThrownBy(() -> properties("tessera.gateway.revocation.poll-interval", "0s")
                        .bindOrCreate("tessera.gateway.revocation", RevocationProperties.class))
                .rootCause()
                .hasMessage("tessera.gateway.revocation durations must be positive");
        assertThatThrownBy(() -> properties("tessera.gateway.revocation.poll-interval", "30s")
                        .bindOrCreate("tessera.gateway.revocation", RevocationProperties.class))
                .rootCause()
                .hasMessage("tessera.gateway.revocation.max-backoff must not be shorter than poll-interval");
        assertThatThrownBy(() -> properties("tessera.gateway.rate-limit.capacity", "0")
                        .bindOrCreate("tessera.gateway.rate-limit", RateLimitProperties.class))
                .rootCause()
                .hasMessage("tessera.gateway.rate-limit.capacity and max-clients must be at least 1");
        assertThatThrownBy(() -> properties("tessera.gateway.rate-limit.paths", "api/auth/login")
                        .bindOrCreate("tessera.gateway.rate-limit", RateLimitProperties.class))
                .rootCause()
                .hasMessageContaining("'api/auth/login' is not a path");
    }

    @Test
    void bindWhenDefaultsThenEverySettingIsValid() {
        Binder binder = binder(Map.of());

        assertThat(binder.bindOrCreate("tessera.gateway", GatewayProperties.class)
                        .issuer())
                .isEqualTo("http://localhost:8080");
        assertThat(binder.bindOrCreate("tessera.gateway.revocation", RevocationProperties.class)
                        .pollInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(binder.bindOrCreate("tessera.gateway.rate-limit", RateLimitProperties.class)
                        .capacity())
                .isEqualTo(10);
    }
}
