package dev.tessera.boot;

import static dev.tessera.boot.TestHttp.ALICE;
import static dev.tessera.boot.TestHttp.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.RequireCaller;
import dev.tessera.testsupport.PassportMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The auto-configured filter, resolver and {@link RequireCaller} over real HTTP against embedded Tomcat. */
@SpringBootTest(
        classes = PassportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tessera.passport.secrets=" + TestHttp.SECRET,
            "tessera.passport.audience=forum-service",
            "tessera.passport.exempt-paths=/public/**"
        })
class PassportFilterTests {

    private final PassportMinter forum = new PassportMinter(TestHttp.SECRET, "forum-service");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void requestWhenNoPassportThenUnauthorizedProblemBeforeController() throws Exception {
        HttpResponse<String> response = send("GET", "/threads", null, "req-1");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"status\":401")
                .contains("\"requestId\":\"req-1\"")
                .doesNotContain("authenticated");
    }

    @Test
    void requestWhenRefusedThenProblemEchoesAnyIdTheGatewayWouldPass() throws Exception {
        // The gateway's rule allows ':'; the problem body must not drop an id the logs carry.
        HttpResponse<String> response = send("GET", "/threads", null, "edge:req-2");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"requestId\":\"edge:req-2\"");
    }

    @Test
    void requestWhenUnmappedPathWithoutPassportThenUnauthorizedNot404() throws Exception {
        assertThat(send("GET", "/nowhere", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenForgedPassportThenUnauthorizedWithoutDetail() throws Exception {
        String forged = new PassportMinter(Base64.getEncoder().encodeToString(new byte[32]), "forum-service")
                .sign(ALICE, "GET", "/threads");

        HttpResponse<String> response = send("GET", "/threads", forged, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("signature").doesNotContain(forged);
    }

    @Test
    void requestWhenPassportForAnotherServiceThenUnauthorized() throws Exception {
        String token = new PassportMinter(TestHttp.SECRET, "auth-service").sign(ALICE, "GET", "/threads");

        assertThat(send("GET", "/threads", token, null).statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenPassportReplayedToAnotherRequestThenUnauthorized() throws Exception {
        String token = forum.sign(ALICE, "GET", "/threads");

        assertThat(send("POST", "/threads", token, null).statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenPassportExpiredThenUnauthorized() throws Exception {
        PassportMinter past = new PassportMinter(
                TestHttp.SECRET,
                "forum-service",
                java.time.Clock.fixed(java.time.Instant.now().minusSeconds(60), java.time.ZoneOffset.UTC));

        assertThat(send("GET", "/threads", past.sign(ALICE, "GET", "/threads"), null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/threads", forum.sign(ALICE, "GET", "/threads"), null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void requestWhenRequestIdUnsafeThenFreshIdInsteadOfIt() throws Exception {
        HttpResponse<String> first = send("GET", "/threads", null, "<script>");
        HttpResponse<String> second = send("GET", "/threads", null, "<script>");

        // Junk is never echoed: the problem is still the refusal, naming a fresh random id chosen for each request.
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(first.body()).doesNotContain("script");
        java.util.UUID id = requestIdOf(first);
        assertThat(id.version()).isEqualTo(4);
        assertThat(requestIdOf(second)).isNotEqualTo(id);
    }

    @Test
    void requestWhenAnonymousPassportThenControllerGetsAnonymousCaller() throws Exception {
        String token = forum.sign(Passport.anonymous("x", null, null), "GET", "/threads");

        HttpResponse<String> response = send("GET", "/threads", token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"authenticated\":false").contains("forum-service");
    }

    @Test
    void requestWhenAuthenticatedPassportThenControllerGetsCaller() throws Exception {
        String token = forum.sign(ALICE, "POST", "/threads");

        HttpResponse<String> response = send("POST", "/threads", token, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"userId\":\"u-1\"").contains("alice");
    }

    @Test
    void requestWhenCallerRequiredAndAnonymousThenUnauthorized() throws Exception {
        String token = forum.sign(Passport.anonymous("x", null, null), "POST", "/threads");

        HttpResponse<String> response = send("POST", "/threads", token, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void requestWhenRoleMissingThenForbidden() throws Exception {
        HttpResponse<String> user = send("GET", "/admin/users", forum.sign(ALICE, "GET", "/admin/users"), null);
        HttpResponse<String> admin = send("GET", "/admin/users", forum.sign(ROOT, "GET", "/admin/users"), null);

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.body()).contains("\"status\":403");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("u-0");
    }

    @Test
    void requestWhenExemptPathWithoutPassportThenAnonymousCaller() throws Exception {
        HttpResponse<String> response = send("GET", "/public/info", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"authenticated\":false");
    }

    @Test
    void requestWhenExemptPathWithForgedPassportThenUnauthorized() throws Exception {
        assertThat(send("GET", "/public/info", "a.b.c", null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> send(String method, String path, String passport, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (passport != null) {
            request.header(PassportSigner.HEADER, passport);
        }
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.UUID requestIdOf(HttpResponse<String> response) {
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("\"requestId\":\"([^\"]*)\"").matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return java.util.UUID.fromString(id.group(1));
    }
}
