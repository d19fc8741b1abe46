package dev.tessera.auth.opaque;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An RFC 7662 style introspection answer: {@code {"active": false}} alone, or the session's subject,
 * username, roles, expiry (epoch seconds), sid, and how and when its login authenticated ({@code amr}, RFC 8176
 * values, and {@code auth_time}, epoch seconds), as a JWT access token of the same login carries them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Introspection(
        boolean active,
        String sub,
        String username,
        List<String> roles,
        Long exp,
        String sid,
        List<String> amr,
        @JsonProperty("auth_time") Long authTime) {

    static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null, null);
}
