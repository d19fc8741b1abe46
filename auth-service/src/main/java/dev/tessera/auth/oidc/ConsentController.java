package dev.tessera.auth.oidc;

import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.web.ProblemException;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.util.Map;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The consent page of third-party clients (issue 15: "first-party clients skip consent, third-party ones ask once").
 * Spring Authorization Server sends the browser here (its {@code consentPage}) with the {@code state} of the pending
 * authorization; the page shows the client's name and the scopes that authorization asked for, read from the stored
 * authorization itself (never from the query, so a crafted link cannot make the page say something else), and only to
 * the user it belongs to.
 *
 * <p>Both buttons are plain HTML forms that post to {@code /authorize} (no script: the gateway's CSP allows none
 * inline). Allow sends every requested scope; Deny sends none, which Spring Authorization Server answers with {@code
 * error=access_denied} to the client. The approval is stored ({@code oauth2_authorization_consent}), so the next
 * authorize for the same scopes does not ask again.
 *
 * <p>Why a form, and how it passes the gateway: a form cannot send the {@code X-Tessera-CSRF} header, so the gateway
 * accepts this one POST on its {@code Origin} alone, which must be one of its public origins (rule {@code csrf:
 * origin}): browsers always send {@code Origin} on a cross-site POST, so a forged form from another site is refused.
 * The gateway serves every page with {@code Referrer-Policy: no-referrer}, under which a browser sends {@code Origin:
 * null} on a form POST (Fetch standard); the page's own {@code <meta name="referrer" content="same-origin">} makes it
 * send the real origin, for same-origin requests only. That is smaller than a consent page in the {@code web} module,
 * which would need a client-info endpoint and a JSON variant of the authorization response.
 */
@RestController
class ConsentController {

    static final String CONSENT = "/auth/oauth2/consent";

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    /** What each scope lets the client learn, in the words the page shows. */
    private static final Map<String, String> SCOPES = Map.of(
            "openid", "Know who you are on Tessera (your user id)",
            "profile", "See your username");

    private final OAuth2AuthorizationService authorizations;

    private final RegisteredClientRepository clients;

    private final String publicAuthorizePath;

    ConsentController(
            OAuth2AuthorizationService authorizations, RegisteredClientRepository clients, TokenProperties tokens) {
        this.authorizations = authorizations;
        this.clients = clients;
        this.publicAuthorizePath = tokens.publicPath() + "/oauth2/authorize";
    }

    @GetMapping(CONSENT)
    ResponseEntity<String> consent(@RequireCaller Passport caller, @RequestParam(required = false) String state) {
        OAuth2Authorization authorization =
                (state == null || state.isBlank()) ? null : this.authorizations.findByToken(state, STATE);
        if (authorization == null || !authorization.getPrincipalName().equals(caller.userId())) {
            throw new UnknownConsentRequestException();
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
        if (request == null || client == null) {
            throw new UnknownConsentRequestException();
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(page(client, request.getScopes(), state));
    }

    private String page(RegisteredClient client, Set<String> scopes, String state) {
        String name = HtmlUtils.htmlEscape(client.getClientName());
        String clientId = HtmlUtils.htmlEscape(client.getClientId());
        String hiddenState = HtmlUtils.htmlEscape(state);
        StringBuilder list = new StringBuilder();
        StringBuilder hiddenScopes = new StringBuilder();
        scopes.stream().sorted().forEach(scope -> {
            String escaped = HtmlUtils.htmlEscape(scope);
            list.append("      <li data-scope=\"")
                    .append(escaped)
                    .append("\">")
                    .append(HtmlUtils.htmlEscape(SCOPES.getOrDefault(scope, scope)))
                    .append(" <span class=\"muted\">(")
                    .append(escaped)
                    .append(")</span></li>\n");
            hiddenScopes
                    .append("      <input type=\"hidden\" name=\"scope\" value=\"")
                    .append(escaped)
                    .append("\">\n");
        });
        String action = HtmlUtils.htmlEscape(this.publicAuthorizePath);
        String common = "      <input type=\"hidden\" name=\"client_id\" value=\"" + clientId + "\">\n"
                + "      <input type=\"hidden\" name=\"state\" value=\"" + hiddenState + "\">\n";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta name="referrer" content="same-origin">
                  <title>Allow %1$s?</title>
                  <link rel="stylesheet" href="/app.css">
                </head>
                <body>
                <main class="narrow">
                  <section class="card">
                    <h1>Allow <span data-testid="client-name">%1$s</span> to use your Tessera account?</h1>
                    <p>%1$s asks to:</p>
                    <ul data-testid="scopes">
                %2$s    </ul>
                    <p class="muted">Tessera remembers your answer: it asks again only if %1$s wants more.</p>
                    <div class="actions">
                    <form method="post" action="%3$s">
                %4$s%5$s      <button type="submit" data-testid="consent-allow">Allow</button>
                    </form>
                    <form method="post" action="%3$s">
                %4$s      <button type="submit" class="secondary" data-testid="consent-deny">Deny</button>
                    </form>
                    </div>
                  </section>
                </main>
                </body>
                </html>
                """.formatted(name, list, action, common, hiddenScopes);
    }

    /** No pending authorization of this user has this state: expired, already answered, or someone else's. */
    static final class UnknownConsentRequestException extends ProblemException {

        private static final long serialVersionUID = 1L;

        UnknownConsentRequestException() {
            super(
                    HttpStatus.BAD_REQUEST,
                    "consent-request-unknown",
                    "Unknown consent request",
                    "This consent request is unknown, already answered or not yours. Start again from the application.");
        }
    }
}
