package dev.tessera.auth.opaque;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 7662 style introspection answer: {@code {"active": false}} alone, or the session's subject,
 * username, roles, expiry (epoch seconds) and sid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Introspection(boolean active, String sub, String username, List<String> roles, Long exp, String sid) {

    static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null);
}
