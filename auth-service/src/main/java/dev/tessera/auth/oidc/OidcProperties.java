package dev.tessera.auth.oidc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Provider ({@code tessera.auth.oidc.*}).
 *
 * @param loginPage the public path of Tessera's login page (the {@code web} module's page, served by the gateway),
 *     where {@code /authorize} sends a browser that has no Tessera session; the authorize URL follows as {@code
 *     continue}, a same-origin relative path
 * @param authorizationCodeLifetime how long a code may wait for its exchange (RFC 9700 section 4.5.3: short; the
 *     client redeems it at once)
 * @param idTokenLifetime lifetime of ID tokens
 * @param cleanupInterval how often authorizations whose code and tokens have all expired are deleted
 * @param keepExpired how long such an authorization is kept after its last expiry
 * @param clients the clients that log users in with Tessera, by client id, upserted at start-up
 */
@ConfigurationProperties("tessera.auth.oidc")
record OidcProperties(
        @DefaultValue("/") String loginPage,
        @DefaultValue("60s") Duration authorizationCodeLifetime,
        @DefaultValue("5m") Duration idTokenLifetime,
        @DefaultValue("10m") Duration cleanupInterval,
        @DefaultValue("10m") Duration keepExpired,
        @DefaultValue Map<String, Client> clients) {

    /**
     * One client.
     *
     * @param secretSha256 hex SHA-256 of a confidential client's secret (as for machine clients, the secret itself is
     *     never configured); absent: a public client (browser or native app), which authenticates with PKCE alone
     * @param redirectUris the exact redirect URIs (compared as strings, RFC 9700 section 4.1.3)
     * @param postLogoutRedirectUris the exact URIs {@code end_session} may send the browser to
     * @param scopes the scopes it may ask for; {@code openid} is always one of them
     * @param firstParty a client of the deployment itself (an admin console): no consent screen
     * @param name shown on the consent page
     */
    record Client(
            String secretSha256,
            @DefaultValue List<String> redirectUris,
            @DefaultValue List<String> postLogoutRedirectUris,
            @DefaultValue({"openid", "profile"}) List<String> scopes,
            @DefaultValue("false") boolean firstParty,
            String name) {}
}
