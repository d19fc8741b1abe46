package dev.tessera.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * How {@code /authorize} answers the client, replacing Spring Authorization Server's two handlers (the same
 * parameters, built the same way) for one addition and one difference:
 *
 * <ul>
 *   <li>{@code iss} (RFC 9207), the public issuer, on the code and on the error response alike: the mix-up defence
 *       of RFC 9700 section 4.4, for clients that talk to several providers (advertised in discovery as {@code
 *       authorization_response_iss_parameter_supported}). Spring Authorization Server 7 does not add it.
 *   <li>After the consent form (a POST), the answer is a page that moves on with {@code <meta http-equiv=refresh>}
 *       instead of a 302: Chrome and Safari check the gateway's CSP {@code form-action 'self'} against the redirects a
 *       form submission leads to (w3c/webappsec-csp#8), and the client's redirect URI is another origin. A refresh is
 *       a new navigation, not the form's, and keeps that policy strict for every other page. GET keeps the 302.
 * </ul>
 */
final class AuthorizationResponses {

    private final String issuer;

    AuthorizationResponses(String issuer) {
        this.issuer = issuer;
    }

    AuthenticationSuccessHandler success() {
        return this::onSuccess;
    }

    AuthenticationFailureHandler error() {
        return this::onError;
    }

    private void onSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken code =
                (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(code.getRedirectUri())
                .queryParam("code", code.getAuthorizationCode().getTokenValue());
        if (StringUtils.hasText(code.getState())) {
            uri.queryParam("state", UriUtils.encode(code.getState(), StandardCharsets.UTF_8));
        }
        send(request, response, uri);
    }

    private void onError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationException ex =
                (OAuth2AuthorizationCodeRequestAuthenticationException) exception;
        OAuth2Error error = ex.getError();
        OAuth2AuthorizationCodeRequestAuthenticationToken request0 = ex.getAuthorizationCodeRequestAuthentication();
        if (request0 == null || !StringUtils.hasText(request0.getRedirectUri())) {
            // No redirect URI known to be the client's: never redirect (RFC 6749 section 4.1.2.1).
            response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
            return;
        }
        UriComponentsBuilder uri =
                UriComponentsBuilder.fromUriString(request0.getRedirectUri()).queryParam("error", error.getErrorCode());
        if (StringUtils.hasText(error.getDescription())) {
            uri.queryParam("error_description", UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
        }
        if (StringUtils.hasText(error.getUri())) {
            uri.queryParam("error_uri", UriUtils.encode(error.getUri(), StandardCharsets.UTF_8));
        }
        if (StringUtils.hasText(request0.getState())) {
            uri.queryParam("state", UriUtils.encode(request0.getState(), StandardCharsets.UTF_8));
        }
        send(request, response, uri);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder uri)
            throws IOException {
        String location = uri.queryParam("iss", UriUtils.encode(this.issuer, StandardCharsets.UTF_8))
                .build(true)
                .toUriString();
        if (!HttpMethod.POST.matches(request.getMethod())) {
            response.setStatus(HttpStatus.FOUND.value());
            response.setHeader(HttpHeaders.LOCATION, location);
            return;
        }
        String href = HtmlUtils.htmlEscape(location);
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getWriter().write("""
                        <!doctype html>
                        <html lang="en">
                        <head>
                          <meta charset="utf-8">
                          <meta http-equiv="refresh" content="0;url=%1$s">
                          <title>Back to the application</title>
                        </head>
                        <body><p><a href="%1$s" data-testid="continue">Back to the application</a></p></body>
                        </html>
                        """.formatted(href));
    }
}
