package dev.tessera.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a successful login or refresh (the shape of an OAuth 2.0 token response). A login also
 * carries {@code device_token}: the client keeps it and sends it with its next login (known devices);
 * refreshes leave it out.
 */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,

        @JsonProperty("device_token") @JsonInclude(JsonInclude.Include.NON_NULL)
        String deviceToken) {

    public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken) {
        return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken, null);
    }

    /** The same answer with a device token. */
    public TokenResponse withDeviceToken(String token) {
        return new TokenResponse(this.accessToken, this.tokenType, this.expiresIn, this.refreshToken, token);
    }

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + this.tokenType + ", expires_in=" + this.expiresIn + "]";
    }
}
