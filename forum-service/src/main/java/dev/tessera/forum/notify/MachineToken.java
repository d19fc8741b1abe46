package dev.tessera.forum.notify;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * forum-service's own access token for notification-service (OAuth 2.0 client credentials at auth-service), obtained,
 * cached and renewed by Spring Security's OAuth 2.0 client: a new one is asked for only when the cached one expires
 * within a minute, or after notification-service refused it ({@link #forget}). Never a user's token.
 */
final class MachineToken {

    private static final String REGISTRATION = "notifications";

    private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

    private final InMemoryOAuth2AuthorizedClientService cache;

    private final String clientId;

    MachineToken(NotificationProperties properties, RestClient tokenClient) {
        this.clientId = properties.clientId();
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(properties.tokenUri().toString())
                .scope(properties.scope())
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        this.cache = new InMemoryOAuth2AuthorizedClientService(registrations);
        RestClientClientCredentialsTokenResponseClient tokens = new RestClientClientCredentialsTokenResponseClient();
        tokens.setRestClient(tokenClient);
        // RFC 8693's audience parameter: the token is for notification-service only (auth-service requires a target).
        tokens.addParametersConverter(request -> {
            MultiValueMap<String, String> extra = new LinkedMultiValueMap<>();
            extra.add("audience", properties.audience());
            return extra;
        });
        this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, cache);
        this.manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(builder -> builder.accessTokenResponseClient(tokens))
                .build());
    }

    /**
     * The current token, from the cache or freshly obtained.
     *
     * @return the token value
     * @throws RuntimeException when auth-service cannot issue one (the caller retries later)
     */
    String current() {
        OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
                .principal(clientId)
                .build());
        if (client == null) {
            throw new IllegalStateException("No machine token for " + REGISTRATION);
        }
        return client.getAccessToken().getTokenValue();
    }

    /** Drops the cached token: the next call asks auth-service again (after notification-service said 401). */
    void forget() {
        cache.removeAuthorizedClient(REGISTRATION, clientId);
    }
}
