package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The forum page served by the gateway, its security headers, CORS (docs/threat-model.md E4), and the current
 * session while auth-service is down (answered at the edge).
 */
@GatewayTest
class PageTests extends GatewayTestSupport {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Test
    void rootWhenRequestedThenIndexPageWithStrictCspNosniffAndNoStore() throws Exception {
        HttpResponse<String> response = get("/", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<title>Tessera Forum</title>").doesNotContain("<script>");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void rootWhenHeadThenOkWithoutBody() throws Exception {
        HttpResponse<String> response = send(request("/").method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void scriptsAndStylesWhenRequestedThenServedWithTheirTypesAndNosniff() throws Exception {
        HttpResponse<String> script = get("/app.js", null);
        HttpResponse<String> api = get("/api.js", null);
        HttpResponse<String> style = get("/app.css", null);

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void pageWhenWriteMethodOrUnknownFileThenNotFound() throws Exception {
        assertProblem(send(request("/").POST(HttpRequest.BodyPublishers.ofString("x"))), 404);
        assertProblem(get("/application.yml", null), 404);
        assertProblem(get("/nothing-here.js", null), 404);
        assertProblem(get("/dev/tessera/gateway/GatewayApplication.class", null), 404);
    }

    @Test
    void problemAnswersWhenAnyThenCarrySecurityHeaders() throws Exception {
        HttpResponse<String> response = get("/api/forum/threads/x/../y", null);

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void apiAnswersWhenRoutedThenNotStoredByTheBrowser() throws Exception {
        HttpResponse<String> response = get("/api/forum/threads", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void corsPreflightWhenForeignOriginThenNoAllowOrigin() throws Exception {
        for (String path : java.util.List.of("/api/forum/threads", "/api/session/login", "/api/session")) {
            HttpResponse<String> response = send(request(path)
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type, x-tessera-csrf")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                    .as(path)
                    .isEmpty();
        }
    }

    @Test
    void crossOriginReadWhenForeignOriginThenNoAllowOrigin() throws Exception {
        for (String path : java.util.List.of("/api/forum/threads", "/api/session", "/")) {
            HttpResponse<String> response = send(request(path)
                    .header("Origin", "https://evil.example")
                    .header("Cookie", "tessera_access=" + TestTokens.valid())
                    .GET());

            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .isEmpty();
        }
    }

    @Test
    void currentSessionWhenAuthServiceDownThenStillAnsweredFromTheCookie() throws Exception {
        HttpResponse<String> response = send(request("/api/session")
                .header("Cookie", "tessera_access=" + TestTokens.valid())
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"alice\"");
    }
}
