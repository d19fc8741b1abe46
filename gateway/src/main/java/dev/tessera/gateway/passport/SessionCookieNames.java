package dev.tessera.gateway.passport;

import java.util.Set;

/**
 * The gateway's own session cookies, which no upstream needs: the passport filter removes them from a proxied request
 * unless the route forwards credentials. The session feature owns the cookies and answers their names; this interface
 * lets the passport know them without depending on it (the session feature signs its calls with the passport).
 */
public interface SessionCookieNames {

    /**
     * The names of the cookies that carry a session: access token, refresh token and CSRF value.
     *
     * @return the names
     */
    Set<String> sessionCookieNames();
}
