package dev.tessera.forum;

import static dev.tessera.forum.ForumClient.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import dev.tessera.passport.PassportSigner;
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
        assertThat(reply.json().get("servers").findValuesAsString("url")).containsExactly("/api/forum", "/");
        assertThat(reply.json().at("/components/securitySchemes/passport/name").asString())
                .isEqualTo(PassportSigner.HEADER);
        assertThat(reply.json().get("security").get(0).has("passport")).isTrue();
    }

    @Test
    void staticResourcesWhenAskedForWithAValidPassportThenNoneAreServed() {
        for (String path : java.util.List.of("/index.html", "/favicon.ico", "/webjars/x.js", "/META-INF/MANIFEST.MF")) {
            Reply reply = new ForumClient(port).get(path, anonymous());
            assertThat(reply.status()).as(path + ": " + reply).isEqualTo(404);
            assertThat(reply.text()).as(path).contains("urn:tessera:problem:not-found");
        }
        // Spring's default /** and /webjars/** resource handlers are gone (issue 13, item 8).
        Object resources = this.context.getBean("resourceHandlerMapping");
        if (resources instanceof org.springframework.web.servlet.handler.AbstractUrlHandlerMapping urls) {
            assertThat(urls.getHandlerMap()).as("resource handlers").isEmpty();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void apiDocsWhenNoPassportThenUnauthorized() {
        assertThat(new ForumClient(port)
                        .exchange("GET", "/v3/api-docs", null, null, null, null)
                        .status())
                .isEqualTo(401);
    }
}
