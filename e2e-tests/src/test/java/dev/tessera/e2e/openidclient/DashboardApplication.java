package dev.tessera.e2e.openidclient;

import static org.springframework.security.config.Customizer.withDefaults;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * A stranger's web application that logs its users in with Tessera (README, "Log users in to your application with
 * Tessera"): Spring Boot's OAuth 2.0 client ({@code oauth2Login}), the README's properties, no Tessera code. Run as a
 * process of its own by {@code OpenIdClientIntegrationTests} and driven through headless Chromium.
 *
 * <p>One bean beyond Boot's defaults, and only for logging out: RP-initiated logout ({@code end_session}), which Boot
 * does not configure. Everything else (discovery, PKCE, {@code state}, {@code nonce}, the ID token's signature, the
 * code exchange, {@code userinfo}) is Spring Security's.
 */
@SpringBootApplication
@RestController
public class DashboardApplication {

    private final String api;

    DashboardApplication(@Value("${dashboard.api-uri}") String api) {
        this.api = api;
    }

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        OidcClientInitiatedLogoutSuccessHandler endSession = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        endSession.setPostLogoutRedirectUri("{baseUrl}/bye");
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/bye", "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(withDefaults())
                .logout(logout -> logout.logoutSuccessHandler(endSession));
        return http.build();
    }

    /**
     * Who signed in, as the application sees it: the ID token's and {@code userinfo}'s claims, and what Tessera's
     * gateway answers to the access token the application holds (it is a normal Tessera access token).
     */
    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> home(
            @AuthenticationPrincipal OidcUser user,
            @RegisteredOAuth2AuthorizedClient("tessera") OAuth2AuthorizedClient client) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("name", user.getName());
        page.put("idToken", user.getIdToken().getClaims());
        page.put("userInfo", (user.getUserInfo() != null) ? user.getUserInfo().getClaims() : Map.of());
        page.put("scopes", client.getAccessToken().getScopes());
        try {
            page.put(
                    "gatewayMe",
                    RestClient.create()
                            .get()
                            .uri(this.api + "/api/auth/me")
                            .headers(headers -> headers.setBearerAuth(
                                    client.getAccessToken().getTokenValue()))
                            .retrieve()
                            .body(Map.class));
        } catch (RestClientResponseException ex) {
            page.put("gatewayMe", Map.of("status", ex.getStatusCode().value()));
        }
        return page;
    }

    /** A button for RP-initiated logout: Spring Security's logout is a POST with its CSRF token. */
    @GetMapping(path = "/signout", produces = MediaType.TEXT_HTML_VALUE)
    String signOut(CsrfToken csrf) {
        return """
                <!doctype html><title>Sign out</title>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s">
                <button id="sign-out" type="submit">Sign out</button></form>
                """.formatted(csrf.getParameterName(), csrf.getToken());
    }

    @GetMapping(path = "/bye", produces = MediaType.TEXT_HTML_VALUE)
    String bye() {
        return "<!doctype html><title>Signed out</title><p id=\"bye\">Signed out of the dashboard.</p>";
    }
}
