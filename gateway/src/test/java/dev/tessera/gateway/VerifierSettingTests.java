package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.gateway.verify.JwtProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Issue 7: {@code tessera.gateway.jwt.verifier} binds from its variable and refuses values it does not know. */
class VerifierSettingTests {

    private static JwtProperties bind(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", environment));
        return new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("tessera.gateway.jwt", JwtProperties.class);
    }

    @Test
    void verifierWhenUnsetThenTessera() {
        JwtProperties jwt = bind(Map.of());

        assertThat(jwt.verifier()).isEqualTo("tessera");
        assertThat(jwt.springSecurityVerifier()).isFalse();
    }

    @Test
    void verifierWhenEnvironmentVariableThenSpringSecurity() {
        JwtProperties jwt = bind(Map.of("TESSERA_GATEWAY_JWT_VERIFIER", "spring-security"));

        assertThat(jwt.verifier()).isEqualTo("spring-security");
        assertThat(jwt.springSecurityVerifier()).isTrue();
    }

    @Test
    void verifierWhenUnknownValueThenContextFailsToStartNamingTheSetting() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "tessera.gateway.jwt.verifier=spring",
                        "tessera.gateway.revocation.enabled=false",
                        "tessera.gateway.passport.keys.auth-service=" + GatewayTest.AUTH_PASSPORT_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + GatewayTest.FORUM_PASSPORT_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + GatewayTest.NOTIFY_PASSPORT_KEY);

        assertThatThrownBy(() -> gateway.run().close())
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tessera.gateway.jwt.verifier (TESSERA_GATEWAY_JWT_VERIFIER) must be tessera or"
                        + " spring-security, not 'spring'");
    }
}
