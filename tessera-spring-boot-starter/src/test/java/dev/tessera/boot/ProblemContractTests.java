package dev.tessera.boot;

import static dev.tessera.boot.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The filters and the one problem contract over real HTTP, the same tests for both stacks: {@link
 * ServletProblemContractTests} (Spring MVC on Tomcat) and {@link ReactiveProblemContractTests} (WebFlux on Netty).
 */
abstract class ProblemContractTests extends RealHttpTests {

    /** What the subclasses' applications run with. */
    static final String SECRETS = "tessera.passport.secrets=" + TestHttp.SECRET;

    static final String AUDIENCE = "tessera.passport.audience=" + TestHttp.AUDIENCE;

    static final String EXEMPT = "tessera.passport.exempt-paths=/public/**";

    static final String BODY_LIMIT = "tessera.http.request-body.max-size=1KB";

    static final String MANAGEMENT_PORT = "management.server.port=0";

    @LocalManagementPort
    int managementPort;

    @Test
    void problemWhenAnsweredThenRequestPathNeverEchoed() {
        // Issue 13, item 8a: no instance, no path, no reflected request content in any problem body.
        for (String path : new String[] {"/no-such-echo-marker", "/public/no-such-echo-marker%3Cb%3E"}) {
            TestHttp.Response response = this.http.send("GET", path, TestHttp.ALICE, null);

            assertProblem(response, 404, "not-found");
            assertThat(response.body()).doesNotContain("echo-marker").doesNotContain("\"path\"");
        }
    }

    @Test
    void managementPortWhenNoPassportThenServedUnfiltered() {
        TestHttp.Response health = new TestHttp(this.managementPort).send("GET", "/actuator/health", null, null);

        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    @Test
    void requestWhenNoPassportThen401ProblemWithSecurityHeaders() {
        TestHttp.Response response = this.http.send("GET", "/threads", null, null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void requestWhenPassportValidThenAnswerCarriesSecurityHeadersToo() {
        TestHttp.Response response = this.http.send("GET", "/threads", TestHttp.ALICE, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'");
    }

    @Test
    void requestWhenPathUnknownThen404ProblemThatDoesNotEchoThePath() {
        TestHttp.Response response = this.http.send("GET", "/no/such/thing-x7", TestHttp.ALICE, null);

        assertProblem(response, 404, "not-found");
        assertThat(response.body()).doesNotContain("thing-x7");
    }

    @Test
    void requestWhenMethodNotAllowedThen405ProblemWithAllow() {
        TestHttp.Response response = this.http.send("PUT", "/threads", TestHttp.ALICE, "{}");

        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void requestWhenOnlyXmlAcceptableThen406Problem() {
        TestHttp.Response response =
                this.http.send("GET", "/threads", TestHttp.ALICE, null, "Accept", "application/xml");

        assertThat(response.status()).as(response.toString()).isEqualTo(406);
    }

    @Test
    void postWhenBodyIsNotJsonThen415Problem() {
        HttpRequest request = HttpRequest.newBuilder(this.http.uri("/public/threads"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("title=x"))
                .build();

        assertProblem(this.http.send(request), 415, "unsupported-media-type");
    }

    @Test
    void postWhenDeclaredBodyOverLimitThen413ProblemAndConnectionClosed() {
        TestHttp.Response response =
                this.http.send("POST", "/public/threads", null, "{\"title\":\"" + "x".repeat(2000) + "\"}");

        assertProblem(response, 413, "content-too-large");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    }

    @Test
    void postWhenChunkedBodyOverLimitThen413Problem() {
        byte[] body = ("{\"title\":\"" + "x".repeat(4000) + "\",\"pinned\":1}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(this.http.uri("/public/threads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        assertProblem(this.http.send(request), 413, "content-too-large");
    }

    @Test
    void postWhenJsonWellFormedAndStrictThenAccepted() {
        TestHttp.Response response = this.http.send("POST", "/public/threads", null, "{\"title\":\"t\",\"pinned\":1}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("title")).isEqualTo("t");
    }

    @Test
    void postWhenJsonRepeatsAKeyThen400MalformedBody() {
        TestHttp.Response response =
                this.http.send("POST", "/public/threads", null, "{\"title\":\"t\",\"title\":\"u\",\"pinned\":1}");

        assertProblem(response, 400, "malformed-body");
    }

    @Test
    void postWhenJsonNestedDeeperThanSixteenThen400MalformedBody() {
        String deep = "[".repeat(17) + "]".repeat(17);

        TestHttp.Response response =
                this.http.send("POST", "/public/threads", null, "{\"title\":\"t\",\"pinned\":1,\"x\":" + deep + "}");

        assertProblem(response, 400, "malformed-body");
        assertThat(response.text("detail")).contains("nesting limit");
    }

    @Test
    void postWhenJsonHasANumberForTextOrAnUnknownFieldThen400MalformedBody() {
        assertProblem(
                this.http.send("POST", "/public/threads", null, "{\"title\":7,\"pinned\":1}"), 400, "malformed-body");
        assertProblem(
                this.http.send("POST", "/public/threads", null, "{\"title\":\"t\",\"pinned\":1,\"admin\":true}"),
                400,
                "malformed-body");
        assertProblem(this.http.send("POST", "/public/threads", null, "{\"title\":\"t\"} []"), 400, "malformed-body");
    }

    @Test
    void requestWhenPathValueOfWrongFormatThen400NamingTheFieldNotTheValue() {
        TestHttp.Response response = this.http.send("GET", "/public/threads/not-a-uuid-9q", null, null);

        assertProblem(response, 400, "invalid-request");
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("id");
        assertThat(response.body()).doesNotContain("not-a-uuid-9q");
    }

    @Test
    void requestWhenServiceThrowsItsProblemThenItsStatusTypeMembersAndRetryAfter() {
        TestHttp.Response response = this.http.send("GET", "/public/slow", null, null);

        assertProblem(response, 429, "slow-down");
        assertThat(response.text("detail")).isEqualTo("Too many requests for this resource.");
        assertThat(response.json().path("limit").asInt()).isEqualTo(3);
        assertThat(response.header("Retry-After")).isEqualTo("2");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void requestWhenHandlerFailsThen500GenericProblemWithoutTheMessage() {
        TestHttp.Response response = this.http.send("GET", "/public/boom", null, null);

        assertProblem(response, 500, "internal-server-error");
        assertThat(response.body()).doesNotContain("secret").doesNotContain("IllegalState");
    }

    @Test
    void problemWhenGatewaySentRequestIdThenNamesItAndJunkIsReplaced() {
        TestHttp.Response withId = this.http.send("GET", "/threads", null, null, "X-Request-Id", "edge:req-4711.a_b");
        TestHttp.Response withJunk =
                this.http.send("GET", "/threads", null, null, "X-Request-Id", "<script>x</script>");

        assertThat(withId.text("requestId")).isEqualTo("edge:req-4711.a_b");
        assertThat(withJunk.text("requestId")).matches("[0-9a-f-]{36}");
        assertThat(withJunk.body()).doesNotContain("script");
    }

    @Test
    void requestWhenCallerRequiredAndAnonymousThen401WithBearerChallenge() {
        TestHttp.Response response = this.http.send("POST", "/threads", TestHttp.ANONYMOUS, null);

        assertProblem(response, 401, "authentication-required");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void requestWhenRoleMissingThen403AndWithRoleThen200() {
        TestHttp.Response user = this.http.send("GET", "/admin/users", TestHttp.ALICE, null);
        TestHttp.Response admin = this.http.send("GET", "/admin/users", TestHttp.ROOT, null);

        assertProblem(user, 403, "forbidden");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.text("admin")).isEqualTo("u-0");
    }

    @Test
    void requestWhenCallerSignedInThenControllerGetsThePassport() {
        TestHttp.Response response = this.http.send("POST", "/threads", TestHttp.ALICE, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("userId")).isEqualTo("u-1");
    }

    @Test
    void requestWhenExemptPathWithoutPassportThenAnonymousCallerAndWithForgedOneThen401() {
        TestHttp.Response anonymous = this.http.send("GET", "/public/info", null, null);
        TestHttp.Response forged =
                this.http.send("GET", "/public/info", null, null, dev.tessera.passport.PassportSigner.HEADER, "a.b.c");

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("authenticated").asBoolean()).isFalse();
        assertProblem(forged, 401, "unauthorized");
    }

    @Test
    void handlerWhenRequestHasIdAndSignedInCallerThenBothInTheLoggingContext() {
        TestHttp.Response response =
                this.http.send("GET", "/public/mdc", TestHttp.ALICE, null, "X-Request-Id", "req-mdc-1");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("requestId")).isEqualTo("req-mdc-1");
        assertThat(response.text("userId")).isEqualTo("u-1");
    }
}
