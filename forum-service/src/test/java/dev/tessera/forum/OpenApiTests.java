package dev.tessera.forum;

import static dev.tessera.forum.ForumClient.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ForumTest
class OpenApiTests {

    @LocalServerPort
    int port;

    @Test
    void apiDocsWhenReadThenEveryEndpointDocumentedWithoutCallerParameter() {
        Reply reply = new ForumClient(port).get("/v3/api-docs", anonymous());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.propertyNames())
                .contains(
                        "/threads",
                        "/threads/{id}",
                        "/threads/{threadId}/posts",
                        "/posts/{id}",
                        "/users/{userId}/posts");
        assertThat(paths.get("/threads").get("post")).isNotNull();
        assertThat(paths.get("/posts/{id}").get("patch")).isNotNull();
        assertThat(reply.text()).doesNotContain("\"caller\"");
        assertThat(reply.json().get("servers").get(0).get("url").asString()).isEqualTo("/api/forum");
    }

    @Test
    void apiDocsWhenNoPassportThenUnauthorized() {
        assertThat(new ForumClient(port)
                        .exchange("GET", "/v3/api-docs", null, null, null, null)
                        .status())
                .isEqualTo(401);
    }
}
