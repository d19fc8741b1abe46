package dev.tessera.gateway.passport;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.route.RolePermissions;
import dev.tessera.gateway.route.Routes;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Passport signers, one per audience ({@link PassportKeyProperties}), with the start-up policy every Tessera
 * service shares for secrets ({@code PassportSecrets.fromConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class PassportConfiguration {

    @Bean
    PassportSigners passportSigners(
            PassportKeyProperties keys, Routes routes, GatewayProperties gateway, Environment environment) {
        String shared = environment.getProperty("tessera.passport.secrets");
        if (shared != null && !shared.isBlank()) {
            throw new IllegalStateException("The gateway no longer reads tessera.passport.secrets"
                    + " (TESSERA_PASSPORT_SECRETS), one secret shared by every service: give each audience its own"
                    + " key under tessera.gateway.passport.keys.<audience> (docs/contracts.md)");
        }
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(gateway.authAudience());
        routes.all().stream().filter(Routes.Route::isUpstream).forEach(route -> audiences.add(route.audience()));
        return PassportSigners.of(keys.keys(), audiences, gateway.authAudience());
    }

    @Bean
    PassportMintingFilter passportMintingFilter(
            PassportSigners signers, RolePermissions permissions, SessionCookieNames cookies) {
        return new PassportMintingFilter(signers, permissions, cookies.sessionCookieNames());
    }
}
