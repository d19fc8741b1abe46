package dev.tessera.forum;

import static dev.tessera.forum.ForumClient.anonymous;
import static dev.tessera.forum.ForumClient.member;
import static dev.tessera.forum.ForumClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every kind of bad input is a clear 4xx problem and writes nothing; text that merely looks
 * dangerous (HTML, SQL) is stored and returned as the text it is.
 */
@ForumTest
class BadInputTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    static Stream<Arguments> badNewThreads() {
        return Stream.of(
                Arguments.of("unknown field", "{\"title\":\"t\",\"body\":\"b\",\"authorId\":\"x\"}"),
                Arguments.of("number as title", "{\"title\":123,\"body\":\"b\"}"),
                Arguments.of("boolean as body", "{\"title\":\"t\",\"body\":true}"),
                Arguments.of("array as body", "{\"title\":\"t\",\"body\":[\"b\"]}"),
                Arguments.of("null title", "{\"title\":null,\"body\":\"b\"}"),
                Arguments.of("missing body", "{\"title\":\"t\"}"),
                Arguments.of("empty title", "{\"title\":\"\",\"body\":\"b\"}"),
                Arguments.of("whitespace title", "{\"title\":\" \\t\\n \\u00a0\",\"body\":\"b\"}"),
                Arguments.of("whitespace body", "{\"title\":\"t\",\"body\":\"   \\n\\n  \"}"),
                Arguments.of("title of 201", toJson(Map.of("title", "t".repeat(201), "body", "b"))),
                Arguments.of("body of 20001", toJson(Map.of("title", "t", "body", "b".repeat(20_001)))),
                Arguments.of("NUL in title", "{\"title\":\"a\\u0000b\",\"body\":\"b\"}"),
                Arguments.of("NUL in body", "{\"title\":\"t\",\"body\":\"a\\u0000b\"}"),
                Arguments.of("line break in title", "{\"title\":\"a\\nb\",\"body\":\"b\"}"),
                Arguments.of("unpaired surrogate", "{\"title\":\"t\",\"body\":\"a\\ud800b\"}"),
                Arguments.of("truncated JSON", "{\"title\":\"t\",\"body\":"),
                Arguments.of("trailing garbage", "{\"title\":\"t\",\"body\":\"b\"} {}"),
                Arguments.of("duplicate key", "{\"title\":\"t\",\"title\":\"u\",\"body\":\"b\"}"),
                Arguments.of("array instead of object", "[\"t\",\"b\"]"),
                Arguments.of("empty body", ""),
                Arguments.of("deep nesting", "{\"title\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNewThreads")
    void startThreadWhenBodyInvalidThenBadRequestAndNothingStored(String name, String json) {
        long before = count("threads");

        Reply reply = forum.post("/threads", member("ada"), json);

        assertProblem(reply, 400);
        assertThat(count("threads")).isEqualTo(before);
    }

    static Stream<Arguments> badReplies() {
        return Stream.of(
                Arguments.of("unknown field", "{\"body\":\"b\",\"threadId\":\"x\"}"),
                Arguments.of("number as body", "{\"body\":123}"),
                Arguments.of("object as body", "{\"body\":{\"html\":\"b\"}}"),
                Arguments.of("null body", "{\"body\":null}"),
                Arguments.of("missing body", "{}"),
                Arguments.of("whitespace body", "{\"body\":\" \\n\\t\\u00a0\\u200b \"}"),
                Arguments.of("body of 20001", toJson(Map.of("body", "b".repeat(20_001)))),
                Arguments.of("NUL in body", "{\"body\":\"a\\u0000b\"}"),
                Arguments.of("escape character in body", "{\"body\":\"a\\u001bb\"}"),
                Arguments.of("truncated JSON", "{\"body\":\"b"),
                Arguments.of("duplicate key", "{\"body\":\"a\",\"body\":\"b\"}"),
                Arguments.of("string instead of object", "\"b\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReplies")
    void replyWhenBodyInvalidThenBadRequestAndNothingStored(String name, String json) {
        String thread = start(member("ada"), "t", "b");
        long before = count("posts");

        Reply reply = forum.post("/threads/" + thread + "/posts", member("bob"), json);

        assertProblem(reply, 400);
        assertThat(count("posts")).isEqualTo(before);
        assertThat(forum.get("/threads/" + thread, anonymous())
                        .json()
                        .get("postCount")
                        .asInt())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void startThreadWhenNotJsonThenUnsupportedMediaType(String contentType) {
        long before = count("threads");

        Passport ada = member("ada");
        Reply reply = forum.send("POST", "/threads", ada, "title=t&body=b", contentType, null);

        assertProblem(reply, 415);
        assertThat(count("threads")).isEqualTo(before);
    }

    @Test
    void startThreadWhenBodyOverSizeCapThenContentTooLargeAndNothingStored() {
        long before = count("threads");
        String huge = toJson(Map.of("title", "t", "body", "b".repeat(300_000)));

        assertProblem(forum.post("/threads", member("ada"), huge), 413);
        assertThat(count("threads")).isEqualTo(before);
    }

    @Test
    void startThreadWhenChunkedBodyOverSizeCapThenContentTooLargeAndNothingStored() {
        long before = count("threads");
        byte[] huge = toJson(Map.of("title", "t", "body", "b".repeat(300_000))).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/threads"))
                .header(PassportSigner.HEADER, forum.passport(member("ada"), "POST", "/threads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(count("threads")).isEqualTo(before);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void startThreadWhenAtTheLimitsThenAccepted() {
        String title = "\uD83D\uDE00".repeat(200);
        String body = "é".repeat(20_000);

        Reply reply = forum.post("/threads", member("ada"), toJson(Map.of("title", title, "body", body)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().get("title").asString()).isEqualTo(title);
    }

    @Test
    void startThreadWhenTextLooksLikeHtmlOrSqlThenStoredAndReturnedVerbatim() {
        String title = "<script>alert('x')</script>'; DROP TABLE threads; --";
        String body = "<img src=x onerror=alert(1)> & \"quotes\" \u202Eevil\nsecond line";

        Reply reply = forum.post("/threads", member("ada"), toJson(Map.of("title", title, "body", body)));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        String id = reply.json().get("id").asString();
        assertThat(forum.get("/threads/" + id, anonymous()).json().get("title").asString())
                .isEqualTo(title);
        assertThat(forum.get("/threads/" + id + "/posts", anonymous())
                        .json()
                        .get("items")
                        .get(0)
                        .get("body")
                        .asString())
                .isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/threads/not-a-uuid",
                "/threads/1",
                "/threads/'%20OR%201=1--",
                "/threads/not-a-uuid/posts",
                "/posts/42",
                "/users/admin/posts",
                "/threads?size=0",
                "/threads?size=101",
                "/threads?size=-1",
                "/threads?size=ten",
                "/threads?cursor=garbage",
                "/threads?cursor=MXxwfDU",
                "/users/00000000-0000-0000-0000-000000000000/posts?cursor=%25%25"
            })
    void readWhenIdOrPagingInvalidThenBadRequest(String path) {
        assertProblem(forum.get(path, anonymous()), 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/threads/00000000-0000-0000-0000-000000000000",
                "/threads/00000000-0000-0000-0000-000000000000/posts",
                "/posts/00000000-0000-0000-0000-000000000000"
            })
    void readWhenIdUnknownThenNotFound(String path) {
        assertProblem(forum.get(path, anonymous()), 404);
    }

    @Test
    void changeWhenIdUnknownThenNotFoundEvenForModerators() {
        String path = "/posts/00000000-0000-0000-0000-000000000000";

        assertProblem(forum.patch(path, ForumClient.moderator("mod"), "\"0\"", toJson(Map.of("body", "x"))), 404);
        assertProblem(forum.delete(path, ForumClient.moderator("mod"), "\"0\""), 404);
    }

    private String start(Passport author, String title, String body) {
        Reply reply = forum.post("/threads", author, toJson(Map.of("title", title, "body", body)));
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("id").asString();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.text())
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("tools.jackson")
                .doesNotContain("org.springframework")
                .doesNotContain("at dev.tessera");
    }
}
