package dev.tessera.auth.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Stores the configured OpenID clients ({@code tessera.auth.oidc.clients.<id>.*}) in Spring Authorization Server's
 * {@code oauth2_registered_client} table at start-up, as {@code ConfiguredClients} does for machine clients; a bad
 * entry stops the start, naming the property. Every client gets the authorization code grant only (no implicit, no
 * password, no refresh token in this slice), PKCE required ({@code requireProofKey}: Spring Authorization Server then
 * accepts only {@code S256}), exact redirect URIs, and consent unless it is first-party.
 */
final class OidcClients implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(OidcClients.class);

    private static final Pattern CLIENT_ID = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final RegisteredClientRepository repository;

    private final OidcProperties properties;

    private final String firstPartyClientId;

    private final java.time.Duration accessTokenLifetime;

    OidcClients(
            RegisteredClientRepository repository,
            OidcProperties properties,
            String firstPartyClientId,
            java.time.Duration accessTokenLifetime) {
        this.repository = repository;
        this.properties = properties;
        this.firstPartyClientId = firstPartyClientId;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Map.Entry<String, OidcProperties.Client> entry :
                this.properties.clients().entrySet()) {
            RegisteredClient client = registeredClient(entry.getKey(), entry.getValue());
            this.repository.save(client);
            log.info("OpenID client {} configured ({})", client.getClientId(), client.getClientAuthenticationMethods());
        }
    }

    RegisteredClient registeredClient(String clientId, OidcProperties.Client client) {
        String property = "tessera.auth.oidc.clients." + clientId;
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalStateException(property + ": the client id must match " + CLIENT_ID.pattern());
        }
        if (clientId.equals(this.firstPartyClientId)) {
            // Its tokens would be indistinguishable from the ones Tessera's own login issues.
            throw new IllegalStateException(property + ": the id is Tessera's first-party client id");
        }
        if (client.redirectUris().isEmpty()) {
            throw new IllegalStateException(property + ".redirect-uris: at least one is required");
        }
        client.redirectUris().forEach(uri -> checkUri(property + ".redirect-uris", uri));
        client.postLogoutRedirectUris().forEach(uri -> checkUri(property + ".post-logout-redirect-uris", uri));
        Set<String> scopes = new LinkedHashSet<>(client.scopes());
        scopes.add(OidcScopes.OPENID);
        RegisteredClient.Builder builder = RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientName((client.name() != null && !client.name().isBlank()) ? client.name() : clientId)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(client.postLogoutRedirectUris()))
                .scopes(s -> s.addAll(scopes))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(!client.firstParty())
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(this.properties.authorizationCodeLifetime())
                        .accessTokenTimeToLive(this.accessTokenLifetime)
                        .build());
        String secret = client.secretSha256();
        if (secret == null || secret.isBlank()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            if (!HEX_SHA256.matcher(secret).matches()) {
                throw new IllegalStateException(property + ".secret-sha256: 64 hex digits expected");
            }
            builder.clientSecret(ClientSecretEncoder.PREFIX + secret.toLowerCase(Locale.ROOT))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        return builder.build();
    }

    /** Absolute, no fragment (RFC 6749 section 3.1.2); compared later as exact strings by Spring Authorization Server. */
    private static void checkUri(String property, String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getFragment() != null || uri.getHost() == null) {
                throw new IllegalStateException(property + ": an absolute URI without fragment expected: " + value);
            }
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(property + ": not a URI: " + value, ex);
        }
    }
}
