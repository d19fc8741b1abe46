package dev.tessera.forum;

import static dev.tessera.forum.ForumClient.AUDIENCE;
import static dev.tessera.forum.ForumClient.SECRET;
import static dev.tessera.forum.ForumClient.anonymous;
import static dev.tessera.forum.ForumClient.member;
import static dev.tessera.forum.ForumClient.moderator;
import static dev.tessera.forum.ForumClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import dev.tessera.passport.Passport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * docs/threat-model.md D5: the forum called directly, around the gateway. Only a passport signed with
 * the deployment's secret, for this audience, this request and now is accepted; everything else is
 * a 401 problem before any controller runs, and nothing is written.
 */
@ForumTest
class PassportGuardTests {

    private static final String OTHER_SECRET = Base64.getEncoder()
            .encodeToString("an-attacker-guessed-this-secret-of-48-bytes!!!!!".getBytes(StandardCharsets.US_ASCII));

    private static final String NEW_THREAD = toJson(Map.of("title", "t", "body", "b"));

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    @Test
    void requestWhenNoPassportThenUnauthorizedProblem() {
        Reply read = forum.exchange("GET", "/threads", null, null, null, null);
        Reply write = forum.exchange("POST", "/threads", null, NEW_THREAD, "application/json", null);
        Reply unknownPath = forum.exchange("GET", "/no/such/path", null, null, null, null);

        for (Reply reply : new Reply[] {read, write, unknownPath}) {
            assertRefused(reply);
        }
        assertNothingWritten(() -> forum.exchange("POST", "/threads", null, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportForgedWithOtherSecretThenUnauthorized() {
        String forged = ForumClient.passport(
                OTHER_SECRET, Clock.systemUTC(), moderator("mallory"), AUDIENCE, "POST", "/threads");

        assertNothingWritten(() -> forum.exchange("POST", "/threads", forged, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportExpiredThenUnauthorized() {
        Clock twoMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2));
        String expired = ForumClient.passport(SECRET, twoMinutesAgo, member("ada"), AUDIENCE, "POST", "/threads");

        assertNothingWritten(() -> forum.exchange("POST", "/threads", expired, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportForAnotherAudienceThenUnauthorized() {
        String forAuth =
                ForumClient.passport(SECRET, Clock.systemUTC(), member("ada"), "auth-service", "POST", "/threads");

        assertNothingWritten(() -> forum.exchange("POST", "/threads", forAuth, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportMintedForAnotherRequestThenUnauthorized() {
        Passport ada = member("ada");
        String forReading = forum.passport(ada, "GET", "/threads");
        String forOtherPath = forum.passport(ada, "POST", "/threads/x/posts");

        assertNothingWritten(
                () -> forum.exchange("POST", "/threads", forReading, NEW_THREAD, "application/json", null));
        assertNothingWritten(
                () -> forum.exchange("POST", "/threads", forOtherPath, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportPayloadTamperedThenUnauthorized() {
        String genuine = forum.passport(member("ada"), "POST", "/threads");
        String[] parts = genuine.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertNothingWritten(() -> forum.exchange("POST", "/threads", tampered, NEW_THREAD, "application/json", null));
    }

    @Test
    void requestWhenPassportGarbageThenUnauthorized() {
        for (String garbage : new String[] {"", "a.b", "not-a-jws", "a.b.c.d", "x".repeat(7000)}) {
            assertRefused(forum.exchange("GET", "/threads", garbage, null, null, null));
        }
    }

    @Test
    void requestWhenPassportHeaderOversizeThenClientErrorWithoutEcho() {
        String huge = "x".repeat(20_000);

        Reply reply = forum.exchange("GET", "/threads", huge, null, null, null);

        assertThat(reply.status()).isIn(400, 431);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.text())
                .doesNotContain("xxxxxxxx")
                .doesNotContainIgnoringCase("exception")
                .doesNotContainIgnoringCase("tomcat");
    }

    @Test
    void readWhenValidAnonymousPassportThenAllowed() {
        assertThat(forum.get("/threads", anonymous()).status()).isEqualTo(200);
    }

    @Test
    void healthWhenManagementPortThenUpWithoutPassportAndReadinessChecksDatabase() {
        ForumClient management = new ForumClient(managementPort);

        Reply liveness = management.exchange("GET", "/actuator/health/liveness", null, null, null, null);
        Reply readiness = management.exchange("GET", "/actuator/health/readiness", null, null, null, null);

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(forum.exchange("GET", "/actuator/health", null, null, null, null)
                        .status())
                .isEqualTo(401);
    }

    private void assertNothingWritten(java.util.function.Supplier<Reply> request) {
        long before = jdbc.sql("SELECT count(*) FROM threads").query(Long.class).single();
        assertRefused(request.get());
        assertThat(jdbc.sql("SELECT count(*) FROM threads").query(Long.class).single())
                .isEqualTo(before);
    }

    private static void assertRefused(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(401);
    }
}
