package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import dev.tessera.testsupport.PassportMinter;
import jakarta.servlet.FilterChain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter's part of the logs: the caller's id and the request id on every line written while the
 * request is handled (Spring Boot's ECS JSON, as the services write it), never the passport, and
 * nothing left behind on the thread afterwards.
 */
@SpringBootTest(
        classes = PassportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tessera.passport.secrets=" + TestHttp.SECRET,
            "tessera.passport.audience=forum-service",
            "tessera.passport.exempt-paths=/public/**",
            "logging.structured.format.console=ecs"
        })
@ExtendWith(OutputCaptureExtension.class)
class PassportFilterLoggingTests {

    private static final Passport ALICE = Passport.caller("u-17", "alice", Set.of("USER"), "s", "j");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PassportMinter forum = new PassportMinter(TestHttp.SECRET, "forum-service");

    @LocalServerPort
    private int port;

    @Test
    void logLineWhenPassportVerifiedThenHasUserAndRequestIdButNoPassport(CapturedOutput output) throws Exception {
        String passport = forum.sign(ALICE, "GET", "/logged");

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logged"))
                                .header(PassportSigner.HEADER, passport)
                                .header("X-Request-Id", "req-log-17")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode line = line(output, "Handling the logged request");
        assertThat(line.path("user").path("id").asString()).isEqualTo("u-17");
        assertThat(line.path("http").path("request").path("id").asString()).isEqualTo("req-log-17");
        assertThat(output.getAll()).doesNotContain(passport).doesNotContain(passport.substring(passport.length() - 20));
    }

    @Test
    void logLineWhenAnonymousPassportThenNoUserId(CapturedOutput output) throws Exception {
        String passport = forum.sign(Passport.anonymous(null, null, null), "GET", "/logged");

        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logged"))
                                .header(PassportSigner.HEADER, passport)
                                .header("X-Request-Id", "req-anon-1")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());

        JsonNode line = line(output, "Handling the logged request");
        assertThat(line.has("user")).isFalse();
        assertThat(line.path("http").path("request").path("id").asString()).isEqualTo("req-anon-1");
    }

    @Test
    void mdcWhenRequestHandledThenSetDuringAndClearedAfter() throws Exception {
        PassportVerifier verifier = new PassportVerifier(PassportSecrets.of(List.of(TestHttp.SECRET)), "forum-service");
        PassportFilter filter = new PassportFilter(verifier, new ExemptPaths(List.of()), path -> false, reason -> {});
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/logged");
        request.addHeader(PassportSigner.HEADER, forum.sign(ALICE, "GET", "/logged"));
        request.addHeader("X-Request-Id", "<script>");
        Map<String, String> seen = new HashMap<>();
        FilterChain chain = (req, res) -> seen.putAll(MDC.getCopyOfContextMap());

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(seen).containsEntry("user.id", "u-17").doesNotContainKey("http.request.id");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    /** The last JSON line whose message is the given one. */
    private static JsonNode line(CapturedOutput output, String message) {
        JsonNode found = null;
        for (String text : output.getOut().split("\\R")) {
            if (text.startsWith("{") && text.contains(message)) {
                JsonNode node = JSON.readTree(text);
                if (message.equals(node.path("message").asString())) {
                    found = node;
                }
            }
        }
        assertThat(found).as("a JSON log line with the message \"%s\"", message).isNotNull();
        return found;
    }
}
