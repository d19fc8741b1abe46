package dev.tessera.gateway.session;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tokens of auth-service's token answer ({@code access_token}, {@code refresh_token}, and at login
 * {@code device_token}, else {@code null}). Held only long enough to verify one and put them into cookies;
 * {@link #toString()} never shows them.
 */
record TokenPair(String accessToken, String refreshToken, String deviceToken) {

    /** Parses a token answer; {@code null} when it is not one. */
    static TokenPair parse(JsonMapper json, byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            JsonNode access = tree.get("access_token");
            JsonNode refresh = tree.get("refresh_token");
            if (access == null || !access.isString() || refresh == null || !refresh.isString()) {
                return null;
            }
            if (access.asString().isEmpty() || refresh.asString().isEmpty()) {
                return null;
            }
            JsonNode device = tree.get("device_token");
            String deviceToken = (device != null
                            && device.isString()
                            && SessionCookies.DEVICE_TOKEN
                                    .matcher(device.asString())
                                    .matches())
                    ? device.asString()
                    : null;
            return new TokenPair(access.asString(), refresh.asString(), deviceToken);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TokenPair[<redacted>]";
    }
}
