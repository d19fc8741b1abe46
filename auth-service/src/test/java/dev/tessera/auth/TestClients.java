package dev.tessera.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Token requests of machine clients ({@code POST /auth/oauth2/token}). Each carries the gateway's anonymous passport
 * with a client address of its own ({@link Flows#uniqueAddress}), so the throttle's per-address counters of
 * different tests never add up; requests without one would all count under 127.0.0.1.
 */
public final class TestClients {

    public static final String PATH = "/auth/oauth2/token";

    private final TestHttp http;

    public TestClients(TestHttp http) {
        this.http = http;
    }

    /** {@code client_secret_basic}. */
    public TestHttp.Response basic(String clientId, String secret, Map<String, String> form) {
        return basic(clientId, secret, form, Flows.uniqueAddress());
    }

    public TestHttp.Response basic(String clientId, String secret, Map<String, String> form, String address) {
        return post(form, address, "Authorization", basicHeader(clientId, secret));
    }

    /** {@code client_secret_post}. */
    public TestHttp.Response post(String clientId, String secret, Map<String, String> form) {
        Map<String, String> withCredentials = new LinkedHashMap<>(form);
        withCredentials.put("client_id", clientId);
        withCredentials.put("client_secret", secret);
        return post(withCredentials, Flows.uniqueAddress());
    }

    /** A form as given, from an address, with extra headers. */
    public TestHttp.Response post(Map<String, String> form, String address, String... headers) {
        List<String> all = new ArrayList<>(List.of(
                TestPassports.HEADER, TestPassports.anonymousFrom(address, "POST", PATH), "X-Request-Id", "clients"));
        all.addAll(List.of(headers));
        return this.http.post(
                PATH,
                encode(form).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                all.toArray(String[]::new));
    }

    public static String basicHeader(String clientId, String secret) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                        + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
