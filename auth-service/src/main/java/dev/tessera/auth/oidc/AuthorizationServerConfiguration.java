package dev.tessera.auth.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.keys.SigningKeys;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.token.AccessTokenIssuer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Tessera as an OpenID Provider, with Spring Authorization Server (issue 15), added to a service that had no Spring
 * Security filter chain and must not change for anything else. Two chains:
 *
 * <ol>
 *   <li>{@link #openIdProvider}: Spring Authorization Server, limited by its {@code securityMatcher} to the OpenID
 *       endpoints: {@code /auth/oauth2/authorize}, {@code /auth/oauth2/userinfo}, {@code /auth/oauth2/logout}
 *       ({@code end_session}), and {@code POST /auth/oauth2/token} <em>only</em> for {@code
 *       grant_type=authorization_code}.
 *   <li>{@link #everythingElse}: every other request, permitted exactly as before: no login form, no HTTP Basic, no
 *       Spring CSRF (the JSON endpoints and the gateway do their own), no Spring security headers (the starter writes
 *       them), no HTTP session, no request cache. The passport filter and {@code @RequireCaller} still decide.
 * </ol>
 *
 * <p><b>One token endpoint.</b> Discovery names one {@code token_endpoint}. The dispatch is by grant type, in the
 * first chain's matcher: a form POST whose only {@code grant_type} is {@code authorization_code} goes to Spring
 * Authorization Server; everything else (client credentials, a repeated or missing grant type, a body that is not a
 * form) reaches {@code client.TokenEndpoint} unchanged, with its audience/resource rules, throttling and audit.
 * Reading the parameter in the matcher is safe here: for a form, the servlet container parses the body once into the
 * parameter map, and {@code TokenEndpoint} reads that map too (never the raw body); for anything else it reads only the
 * query.
 *
 * <p><b>Who the user is at {@code /authorize}.</b> The gateway's passport ({@link PassportPrincipalFilter}); without
 * one, {@link LoginPageEntryPoint} sends the browser to Tessera's login page with a same-origin {@code continue}. No
 * HTTP session is ever created: Spring Authorization Server's OpenID session tracking (which would create one and put
 * a hash of its id into {@code sid}) is replaced by Tessera's session, the refresh family.
 *
 * <p><b>Consent and responses.</b> A client that is not first-party gets {@link ConsentController}'s page, asked once
 * per user and scope set; {@link AuthorizationResponses} adds RFC 9207 {@code iss} to every authorization response and
 * answers the consent form's POST with a page rather than a redirect.
 *
 * <p><b>Keys.</b> ID tokens are signed by Tessera's current signing key ({@link #jwkSource}, from {@link SigningKeys})
 * and verify against the same {@code /.well-known/jwks.json}; Spring Authorization Server's own JWK set endpoint is
 * not in the chain's matcher, so it is never served.
 *
 * <p><b>Storage.</b> Clients, authorizations (codes: single use, {@code tessera.auth.oidc.authorization-code-lifetime})
 * and consents in PostgreSQL through Spring Authorization Server's JDBC services and schema (V12); authorizations whose
 * code and tokens have all expired are deleted every {@code tessera.auth.oidc.cleanup-interval} ({@link
 * ExpiredAuthorizations}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OidcProperties.class)
class AuthorizationServerConfiguration {

    static final String AUTHORIZE = "/auth/oauth2/authorize";

    static final String TOKEN = "/auth/oauth2/token";

    static final String USERINFO = "/auth/oauth2/userinfo";

    static final String LOGOUT = "/auth/oauth2/logout";

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(
            JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    OidcClients oidcClients(RegisteredClientRepository clients, OidcProperties properties, TokenProperties tokens) {
        return new OidcClients(clients, properties, tokens.firstPartyClientId(), tokens.lifetime());
    }

    @Bean
    ExpiredAuthorizations expiredAuthorizations(JdbcTemplate jdbc, Clock clock, OidcProperties properties) {
        return new ExpiredAuthorizations(jdbc, clock, properties.keepExpired());
    }

    @Bean
    SchedulingConfigurer expiredAuthorizationsSchedule(ExpiredAuthorizations expired, OidcProperties properties) {
        return registrar -> registrar.addFixedDelayTask(expired::delete, properties.cleanupInterval());
    }

    /** The key that signs now, as Spring Authorization Server's JWT encoder wants it: exactly one private key. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(new JWKSet(keys.current().jwk()));
    }

    /**
     * Access tokens presented at {@code userinfo}: Tessera's own (RFC 9068 {@code at+jwt}, Tessera's issuer and
     * audience), verified against every published key.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, TokenProperties tokens) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(
                        (selector, context) -> selector.select(keys.publicKeys()))
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                new JwtTimestampValidator(),
                new JwtIssuerValidator(tokens.issuer()),
                new JwtTypeValidator("at+jwt", "application/at+jwt"),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(tokens.audience())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(TokenProperties tokens) {
        return AuthorizationServerSettings.builder()
                .issuer(tokens.issuer())
                .authorizationEndpoint(AUTHORIZE)
                .tokenEndpoint(TOKEN)
                .oidcUserInfoEndpoint(USERINFO)
                .oidcLogoutEndpoint(LOGOUT)
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain openIdProvider(
            HttpSecurity http,
            OidcProperties properties,
            TokenProperties tokens,
            AccessTokenIssuer accessTokens,
            AccountService accounts,
            RefreshTokenService sessions,
            SigningKeys keys,
            JWKSource<SecurityContext> jwkSource)
            throws Exception {
        TesseraTokenGenerator tokenGenerator = new TesseraTokenGenerator(
                accessTokens, accounts, sessions, new NimbusJwtEncoder(jwkSource), keys, properties.idTokenLifetime());
        OidcLogoutAuthenticationSuccessHandler logout = new OidcLogoutAuthenticationSuccessHandler();
        // end_session ends the Tessera session the ID token names (its refresh family: the browser's refresh token,
        // and through the revocation feed every access token with that sid); nothing else to clear, no HTTP session.
        logout.setLogoutHandler((request, response, authentication) -> {
            Object sid = ((OidcLogoutAuthenticationToken) authentication)
                    .getIdToken()
                    .getClaim("sid");
            if (sid instanceof String value) {
                try {
                    sessions.endSession(UUID.fromString(value));
                } catch (IllegalArgumentException ex) {
                    // Not a session id Tessera issued: nothing to end.
                }
            }
        });
        AuthorizationResponses responses = new AuthorizationResponses(tokens.issuer());
        RequestMatcher authorize = PathPatternRequestMatcher.withDefaults().matcher(AUTHORIZE);
        http.securityMatcher(new OrRequestMatcher(
                        authorize,
                        new AndRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TOKEN),
                                AuthorizationServerConfiguration::isAuthorizationCodeGrant),
                        PathPatternRequestMatcher.withDefaults().matcher(USERINFO),
                        PathPatternRequestMatcher.withDefaults().matcher(LOGOUT)))
                .oauth2AuthorizationServer(server -> server.tokenGenerator(tokenGenerator)
                        // Third-party clients: Tessera's consent page (ConsentController), reached through the gateway,
                        // so an absolute public URL (a relative one would name this service's own address).
                        .authorizationEndpoint(endpoint -> endpoint.consentPage(
                                        tokens.issuer() + tokens.publicPath() + "/oauth2/consent")
                                .authorizationResponseHandler(responses.success())
                                .errorResponseHandler(responses.error()))
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationEndpointFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationEndpointFilter> O postProcess(O filter) {
                                // No HTTP session for OpenID session tracking: Tessera's session is the refresh family.
                                filter.setSessionAuthenticationStrategy((authentication, request, response) -> {});
                                return filter;
                            }
                        })
                        .withObjectPostProcessor(new ObjectPostProcessor<ClientSecretAuthenticationProvider>() {
                            @Override
                            public <O extends ClientSecretAuthenticationProvider> O postProcess(O provider) {
                                provider.setPasswordEncoder(new ClientSecretEncoder());
                                return provider;
                            }
                        })
                        .oidc(oidc -> oidc.userInfoEndpoint(userInfo -> {})
                                .logoutEndpoint(endpoint -> endpoint.logoutResponseHandler(logout))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .addFilterAfter(new PassportPrincipalFilter(sessions), SecurityContextHolderFilter.class)
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginPageEntryPoint(properties.loginPage(), tokens.publicPath() + "/oauth2/authorize"),
                        authorize))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                // The starter writes the security headers; Spring Security adds only Cache-Control: no-store
                // (RFC 6749 section 5.1 for token responses, and nothing here is worth caching).
                .headers(headers -> headers.defaultsDisabled().cacheControl(cache -> {}));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** Exactly one {@code grant_type}, {@code authorization_code}: see the class comment on reading it here. */
    private static boolean isAuthorizationCodeGrant(HttpServletRequest request) {
        String[] grantTypes = request.getParameterValues("grant_type");
        return grantTypes != null && grantTypes.length == 1 && "authorization_code".equals(grantTypes[0]);
    }
}
