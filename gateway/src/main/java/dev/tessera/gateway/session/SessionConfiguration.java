package dev.tessera.gateway.session;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.csrf.CsrfGuard;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.verify.JwtProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    SessionCookies sessionCookies(SessionCookieProperties properties, JwtProperties jwt, CsrfGuard csrf) {
        return new SessionCookies(properties, jwt.accessCookie(), csrf.cookieName());
    }

    @Bean
    AuthServiceClient authServiceClient(GatewayProperties gateway, PassportSigners signers, WebClient.Builder http) {
        return new AuthServiceClient(gateway, signers, http);
    }
}
