package dev.tessera.auth.token;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of a successful login or refresh (the shape of an OAuth 2.0 token response). */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken) {

    public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken) {
        return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken);
    }

    @Override
    public String toString() {
        return "TokenResponse[token_type=" + this.tokenType + ", expires_in=" + this.expiresIn + "]";
    }
}
