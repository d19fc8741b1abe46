package dev.tessera.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every malformed or hostile input is a clear 4xx problem, never a 5xx, and stores nothing. */
@AuthServiceTest
class BadInputTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    long accountsBefore;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.accountsBefore = accounts();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"password\":\"long enough password\"}",
                "{\"username\":\"bob-missing-password\"}",
                "{\"username\":null,\"password\":\"long enough password\"}",
                "{\"username\":123,\"password\":\"long enough password\"}",
                "{\"username\":\"bob\",\"password\":true}",
                "{\"username\":[\"bob\"],\"password\":\"long enough password\"}",
                "{\"username\":{\"$ne\":null},\"password\":\"long enough password\"}",
                "{\"username\":\"bob\",\"password\":\"long enough password\",\"role\":\"ADMIN\"}",
                "{\"username\":\"bob\",\"username\":\"eve\",\"password\":\"long enough password\"}",
                "{\"username\":\"bob\",\"password\":\"long enough password\"} trailing",
                "{\"username\":\"bob\",\"password\":\"long enough",
                "",
                "[]",
                "\"just a string\"",
                "{\"username\":\"bob\",\"password\":\"long enough password\",\"display_name\":7}"
            })
    void registerWhenBodyMalformedThen400ProblemAndNothingStored(String body) {
        TestHttp.Response response = this.http.postJson("/auth/register", body);

        assertProblem(response, 400);
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice'; DROP TABLE account; --",
                "x' OR '1'='1",
                "bob\"; SELECT pg_sleep(5); --",
                "ab",
                "a b c",
                "bob\u0000",
                "bob\r\nX-Injected: 1",
                "admin\u202Egnp.exe",
                "zero\u200Bwidth",
                "ＡＢ",
                "-leadinghyphen",
                "waytoolongusername-waytoolongusername"
            })
    void registerWhenUsernameHostileOrInvalidThen400WithReasonAndNothingStored(String username) {
        TestHttp.Response response = this.http.postJson(
                "/auth/register", TestHttp.json(Map.of("username", username, "password", "long enough password")));

        assertProblem(response, 400);
        // Refused by the username rule, so none of it reached a query (pg_sleep included).
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("username");
        assertThat(accounts()).isEqualTo(this.accountsBefore);
        assertThat(this.jdbc
                        .sql("SELECT to_regclass('account') IS NOT NULL")
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void loginWhenUsernameIsSqlThenOrdinaryLoginFailure() {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", "admin' --", "password", "whatever password")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"));

        assertProblem(response, 401);
    }

    @Test
    void registerWhenPasswordHasTenThousandCharactersThen400FromTheLengthRuleAndNothingStored() {
        String password = "p".repeat(10_000);

        TestHttp.Response response = this.http.postJson(
                "/auth/register", TestHttp.json(Map.of("username", Flows.uniqueName("long"), "password", password)));

        assertProblem(response, 400);
        assertThat(response.text("detail")).isEqualTo("password: must be at most 128 characters");
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @Test
    void loginWhenPasswordHasTenThousandCharactersThen400() {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", "someone", "password", "p".repeat(10_000))),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login"));

        assertProblem(response, 400);
    }

    @Test
    void registerWhenBodyOver16KibThen413() {
        String padding = "x".repeat(17 * 1024);
        String body = TestHttp.json(Map.of("username", "big", "password", padding));

        TestHttp.Response response = this.http.postJson("/auth/register", body);

        assertProblem(response, 413);
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @Test
    void registerWhenChunkedBodyOver16KibThen413() {
        byte[] body = TestHttp.json(Map.of("username", "big", "password", "x".repeat(20 * 1024)))
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(this.http.uri("/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        TestHttp.Response response = this.http.send(request);

        assertProblem(response, 413);
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @Test
    void registerWhenBodyIsInvalidUtf8Then400() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"username\":\"bad".getBytes(StandardCharsets.US_ASCII));
        body.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        body.write("\",\"password\":\"long enough password\"}".getBytes(StandardCharsets.US_ASCII));

        TestHttp.Response response = this.http.post("/auth/register", body.toByteArray(), "application/json");

        assertProblem(response, 400);
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @Test
    void registerWhenNestedThousandsDeepThen400() {
        // As deep as fits in 16 KiB; the parser stops at depth 16.
        String body = "{\"username\":" + "[".repeat(8_000) + "]".repeat(8_000) + ",\"password\":\"x\"}";

        TestHttp.Response response = this.http.postJson("/auth/register", body);

        assertProblem(response, 400);
    }

    @Test
    void registerWhenDisplayNameHasControlOrBidiCharactersThen400() {
        for (String name : new String[] {"Eve\u0000", "Eve\r\nadmin", "\u202EEve", "   "}) {
            TestHttp.Response response = this.http.postJson(
                    "/auth/register",
                    TestHttp.json(Map.of(
                            "username",
                            Flows.uniqueName("disp"),
                            "password",
                            "long enough password",
                            "display_name",
                            name)));
            assertProblem(response, 400);
        }
        assertThat(accounts()).isEqualTo(this.accountsBefore);
    }

    @Test
    void registerWhenTextPlainThen415() {
        TestHttp.Response response = this.http.post(
                "/auth/register",
                "{\"username\":\"bob\",\"password\":\"long enough password\"}".getBytes(StandardCharsets.UTF_8),
                "text/plain");

        assertProblem(response, 415);
    }

    @Test
    void loginWhenFormEncodedThen415() {
        TestHttp.Response response = this.http.post(
                "/auth/login",
                "username=bob&password=x".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded");

        assertProblem(response, 415);
    }

    @Test
    void loginWhenGetThen405WithAllow() {
        TestHttp.Response response = this.http.get("/auth/login");

        assertProblem(response, 405);
        assertThat(response.header("Allow")).contains("POST");
    }

    @Test
    void requestWhenPathUnknownThen401WithoutPassportAnd404WithOne() {
        assertProblem(this.http.get("/auth/nothing-here"), 401);
        assertProblem(
                this.http.get(
                        "/actuator/health",
                        TestPassports.HEADER,
                        TestPassports.forCaller(
                                UUID.randomUUID().toString(), "x", Set.of("USER"), "GET", "/actuator/health")),
                404);
    }

    @Test
    void requestWhenPathEncodingInvalidThen400Problem() {
        TestHttp.Response response = this.http.get("/auth/%C0%AE%C0%AE/%ff");

        assertProblem(response, 400);
    }

    @Test
    void requestWhenHeadersOver8KibThenRefusedWithProblem() {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                "{\"username\":\"bob\",\"password\":\"long enough password\"}",
                "X-Padding",
                "a".repeat(10 * 1024));

        assertThat(response.status()).isIn(400, 431);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    private long accounts() {
        return this.jdbc.sql("SELECT count(*) FROM account").query(Long.class).single();
    }

    static void assertProblem(TestHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("jackson")
                .doesNotContain("at dev.")
                .doesNotContain("org.springframework")
                .doesNotContain("SQL");
    }
}
