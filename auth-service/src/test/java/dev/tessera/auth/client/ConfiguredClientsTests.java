package dev.tessera.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binding and checking {@code tessera.auth.clients}, from properties and from environment variables. */
class ConfiguredClientsTests {

    private static final String HASH = "fbac1522eedf58f8ef2ff43de2752368b0a15c6dbf66272ceb513a50dd0361b3";

    @Test
    void bindWhenPropertiesOrArgumentsThenDashedIdIsTheKey() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tessera.auth.clients.forum-service.secret-sha256", HASH);
        properties.put("tessera.auth.clients.forum-service.audiences", "notification-service");
        properties.put("tessera.auth.clients.forum-service.scopes[0]", "notifications:write");

        List<ConfiguredClients.Checked> checked = check(new MapPropertySource("args", properties));

        assertThat(checked).singleElement().satisfies(client -> {
            assertThat(client.registration().clientId()).isEqualTo("forum-service");
            assertThat(client.registration().audiences()).containsExactly("notification-service");
            assertThat(client.registration().scopes()).containsExactly("notifications:write");
        });
    }

    @Test
    void bindWhenEnvironmentVariablesThenKeyLosesItsDashAndClientIdRestoresIt() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("TESSERA_AUTH_CLIENTS_FORUMSERVICE_SECRETSHA256", HASH);
        env.put("TESSERA_AUTH_CLIENTS_FORUMSERVICE_AUDIENCES", "notification-service,search-service");
        env.put("TESSERA_AUTH_CLIENTS_FORUMSERVICE_SCOPES", "notifications:write");

        Map<String, ConfiguredClients.Entry> bound = ConfiguredClients.bind(binder(environment(env)));
        assertThat(bound).containsOnlyKeys("forumservice");
        assertThat(bound.get("forumservice").secretSha256()).isEqualTo(HASH);
        assertThat(bound.get("forumservice").audiences()).containsExactly("notification-service", "search-service");

        env.put("TESSERA_AUTH_CLIENTS_FORUMSERVICE_CLIENTID", "forum-service");
        assertThat(check(environment(env)))
                .singleElement()
                .extracting(client -> client.registration().clientId())
                .isEqualTo("forum-service");
    }

    @Test
    void checkWhenHashBadThenStartRefusedNamingTheProperty() {
        assertThatThrownBy(() -> check(properties("forum-service", "abc", "notification-service")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tessera.auth.clients.forum-service.secret-sha256 must be 64 hex characters:"
                        + " the SHA-256 of the secret the client holds");
        assertThatThrownBy(() -> check(properties("forum-service", null, "notification-service")))
                .hasMessageContaining("secret-sha256 must be 64 hex characters");
    }

    @Test
    void checkWhenIdBadThenStartRefusedWithTheWayOut() {
        assertThatThrownBy(() -> check(properties("Forum_Service", HASH, "notification-service")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tessera.auth.clients.Forum_Service (the key) must match [a-z][a-z0-9-]{1,62}")
                .hasMessageContaining(".client-id");
    }

    @Test
    void checkWhenAudiencesEmptyOrTheUserAudienceThenStartRefused() {
        assertThatThrownBy(() -> check(properties("forum-service", HASH, null)))
                .hasMessage("tessera.auth.clients.forum-service.audiences must name at least one audience");
        assertThatThrownBy(() -> check(properties("forum-service", HASH, "tessera")))
                .hasMessage("tessera.auth.clients.forum-service.audiences must not be the audience of user tokens");
    }

    @Test
    void checkWhenIdIsTheFirstPartyClientIdThenStartRefused() {
        assertThatThrownBy(() -> check(properties("tessera-web", HASH, "notification-service")))
                .hasMessageContaining(
                        "tessera.auth.clients.tessera-web (the key) is reserved for Tessera's own first-party client");
    }

    @Test
    void checkWhenNothingConfiguredThenNothing() {
        assertThat(check(new MapPropertySource("empty", Map.of()))).isEmpty();
    }

    private static MapPropertySource properties(String key, String hash, String audiences) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (hash != null) {
            properties.put("tessera.auth.clients." + key + ".secret-sha256", hash);
        }
        if (audiences != null) {
            properties.put("tessera.auth.clients." + key + ".audiences", audiences);
        } else {
            properties.put("tessera.auth.clients." + key + ".scopes", "a");
        }
        return new MapPropertySource("properties", properties);
    }

    private static SystemEnvironmentPropertySource environment(Map<String, Object> variables) {
        return new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
    }

    private static List<ConfiguredClients.Checked> check(org.springframework.core.env.PropertySource<?> source) {
        return ConfiguredClients.check(ConfiguredClients.bind(binder(source)), "tessera", "tessera-web");
    }

    private static Binder binder(org.springframework.core.env.PropertySource<?> source) {
        return new Binder(ConfigurationPropertySources.from(source));
    }
}
