package dev.tessera.gateway.passport;

import dev.tessera.gateway.session.SessionCookieProperties;
import dev.tessera.gateway.verify.CsrfProperties;
import dev.tessera.gateway.verify.JwtProperties;
import dev.tessera.passport.PassportProperties;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The passport signer from {@code tessera.passport.secrets} ({@code TESSERA_PASSPORT_SECRETS}), with the
 * start-up policy every Tessera service shares (see {@link PassportSecrets#fromConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassportProperties.class)
class PassportConfiguration {

    @Bean
    PassportSigner passportSigner(PassportProperties properties, Environment environment) {
        boolean development = environment.acceptsProfiles(Profiles.of("dev"));
        return new PassportSigner(PassportSecrets.fromConfiguration(properties.secrets(), development));
    }

    @Bean
    PassportMintingFilter passportMintingFilter(
            PassportSigner signer, JwtProperties jwt, SessionCookieProperties cookies, CsrfProperties csrf) {
        return new PassportMintingFilter(signer, Set.of(jwt.accessCookie(), cookies.refreshName(), csrf.cookieName()));
    }
}
