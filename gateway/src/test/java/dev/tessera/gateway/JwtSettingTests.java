package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.gateway.verify.JwtProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code tessera.gateway.jwt.algorithm} binds from its variable and refuses values it does not know. */
class JwtSettingTests {

    private static JwtProperties bind(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", environment));
        return new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("tessera.gateway.jwt", JwtProperties.class);
    }

    @Test
    void algorithmWhenUnsetThenRs256() {
        assertThat(bind(Map.of()).algorithm()).isEqualTo(JwtProperties.Algorithm.RS256);
    }

    @Test
    void algorithmWhenEnvironmentVariableThenBound() {
        JwtProperties jwt = bind(Map.of("TESSERA_GATEWAY_JWT_ALGORITHM", "ES256"));

        assertThat(jwt.algorithm()).isEqualTo(JwtProperties.Algorithm.ES256);
    }

    @Test
    void algorithmWhenUnknownValueThenContextFailsToStartNamingTheSetting() {
        SpringApplicationBuilder gateway = gateway("tessera.gateway.jwt.algorithm=HS256");

        assertThatThrownBy(() -> gateway.run().close())
                .satisfies(ex -> assertThat(bindFailure(ex).getProperty().getName())
                        .hasToString("tessera.gateway.jwt.algorithm"));
    }

    /** The binding failure somewhere in a failed start's causes (Spring Boot reports it with the valid values). */
    private static BindException bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        throw new AssertionError("no BindException among the causes of " + failure, failure);
    }

    private static SpringApplicationBuilder gateway(String setting) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        setting,
                        "tessera.gateway.revocation.enabled=false",
                        "tessera.gateway.passport.keys.auth-service=" + GatewayTest.AUTH_PASSPORT_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + GatewayTest.FORUM_PASSPORT_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + GatewayTest.NOTIFY_PASSPORT_KEY);
    }
}
