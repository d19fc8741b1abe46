package dev.tessera.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Register, login, refresh and logout calls shared by the tests. */
public final class Flows {

    private static final String INTROSPECT = "/internal/introspect";

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    private final TestHttp http;

    public Flows(TestHttp http) {
        this.http = http;
    }

    public static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /**
     * A client address of its own for a test, signed into the passport as the gateway does ({@code cip}), so
     * per-address counters of different tests never add up.
     */
    /** The id of an account, read from its table (to mint passports for it). */
    public static String idOf(JdbcClient jdbc, String username) {
        return jdbc.sql("SELECT id FROM account WHERE username = ?")
                .param(username)
                .query(UUID.class)
                .single()
                .toString();
    }

    public static String uniqueAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.51." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** Registers from an address of its own (registration is limited per client address). */
    public TestHttp.Response register(String username, String password) {
        return register(username, password, uniqueAddress());
    }

    public TestHttp.Response register(String username, String password, String address) {
        return this.http.postJson(
                "/auth/register",
                TestHttp.json(Map.of("username", username, "password", password)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(address, "POST", "/auth/register"),
                "X-Request-Id",
                "flows-register");
    }

    public void registered(String username, String password) {
        TestHttp.Response response = register(username, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /**
     * A login as the gateway forwards it. The request id is the same for every login: each problem names its request
     * ({@code requestId}), so refusals compared byte for byte (enumeration, throttling) must share one.
     */
    public TestHttp.Response login(String username, String password, String address) {
        return this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", username, "password", password)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(address, "POST", "/auth/login"),
                "X-Request-Id",
                "flows-login");
    }

    /** A login that presents a device token (a known device), from a given address. */
    public TestHttp.Response login(String username, String password, String address, String deviceToken) {
        return this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", username, "password", password, "device_token", deviceToken)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(address, "POST", "/auth/login"),
                "X-Request-Id",
                "flows-login");
    }

    public TestHttp.Response login(String username, String password) {
        return login(username, password, uniqueAddress());
    }

    public TestHttp.Response loggedIn(String username, String password) {
        TestHttp.Response response = login(username, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    public TestHttp.Response refresh(String refreshToken) {
        return this.http.postJson("/auth/refresh", TestHttp.json(Map.of("refresh_token", refreshToken)));
    }

    public TestHttp.Response logout(String refreshToken) {
        return this.http.postJson("/auth/logout", TestHttp.json(Map.of("refresh_token", refreshToken)));
    }

    /** A scheme A login (an opaque session token), as the gateway forwards it; must succeed. */
    public TestHttp.Response loggedInOpaque(String username, String password) {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", username, "password", password, "token_format", "opaque")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(uniqueAddress(), "POST", "/auth/login"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    /**
     * A login in the given format ({@code jwt} or {@code opaque}) from a client address with a {@code User-Agent}, as
     * the gateway forwards it; must succeed.
     */
    public TestHttp.Response loggedInFrom(
            String username, String password, String format, String address, String userAgent) {
        TestHttp.Response response = this.http.postJson(
                "/auth/login",
                TestHttp.json(Map.of("username", username, "password", password, "token_format", format)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(address, "POST", "/auth/login"),
                "User-Agent",
                userAgent);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    /** {@code POST /internal/introspect} with the gateway's passport. */
    public TestHttp.Response introspect(String token) {
        return this.http.postJson(
                INTROSPECT,
                TestHttp.json(Map.of("token", token)),
                TestPassports.HEADER,
                TestPassports.forCaller("service:gateway", "gateway", Set.of("SERVICE"), "POST", INTROSPECT));
    }

    /** The introspection answer for a token; the call itself must succeed. */
    public tools.jackson.databind.JsonNode introspected(String token) {
        TestHttp.Response response = introspect(token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
