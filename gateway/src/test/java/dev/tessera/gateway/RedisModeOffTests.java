package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default mode (introspection at auth-service) never involves Redis, though its client is on the class path: no
 * {@code redis} health component that would turn the gateway's health DOWN where no Redis runs.
 */
@GatewayTest
class RedisModeOffTests extends GatewayTestSupport {

    @Test
    void healthWhenDefaultModeThenNoRedisComponent() throws Exception {
        HttpResponse<String> health =
                management.send(management.request("/actuator/health").GET());

        JsonNode components = JsonMapper.shared().readTree(health.body()).get("components");
        assertThat(components.has("ping")).as(health.body()).isTrue();
        assertThat(components.has("redis")).as(health.body()).isFalse();
    }
}
