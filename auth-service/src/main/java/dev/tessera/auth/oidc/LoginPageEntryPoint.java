package dev.tessera.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Sends a browser without a Tessera session from {@code /authorize} to Tessera's own login page (the {@code web}
 * module's page at the gateway), so logging in keeps today's cookies, CSRF defence and throttling. The page gets
 * {@code continue}: the public path of this very authorize request with its query, a relative path built here from the
 * configured public prefix (never from a parameter or {@code Host}), so it can only lead back to this authorize
 * endpoint on the same origin: no open redirect. The page follows it only if it starts with that path (see the
 * {@code web} module). When the browser's session has ended ({@link PassportPrincipalFilter#SESSION_ENDED}), the
 * page also gets {@code session=ended}: the gateway may still accept the browser's access cookie for a moment, and the
 * page must ask for the password instead of going straight back.
 */
final class LoginPageEntryPoint implements AuthenticationEntryPoint {

    private final String loginPage;

    private final String publicAuthorizePath;

    LoginPageEntryPoint(String loginPage, String publicAuthorizePath) {
        this.loginPage = loginPage;
        this.publicAuthorizePath = publicAuthorizePath;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        String query = request.getQueryString();
        String target = this.publicAuthorizePath + ((query != null) ? "?" + query : "");
        String ended = (request.getAttribute(PassportPrincipalFilter.SESSION_ENDED) != null) ? "&session=ended" : "";
        String location =
                this.loginPage + "?continue=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + ended + "#/login";
        response.setStatus(HttpStatus.FOUND.value());
        response.setHeader(HttpHeaders.LOCATION, location);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
