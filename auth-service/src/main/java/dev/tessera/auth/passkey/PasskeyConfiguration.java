package dev.tessera.auth.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.client.Origin;
import dev.tessera.auth.TokenProperties;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAuthnProperties.class)
class PasskeyConfiguration {

    /** Expired ceremonies are harmless (never live); deleting them only keeps the table small. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(15);

    @Bean
    ObjectConverter webAuthnObjectConverter() {
        return new ObjectConverter();
    }

    /**
     * webauthn4j's "non-strict" manager: every attestation format is parsed and its signature checked, but no
     * certificate chain is trusted or required. The options ask for attestation {@code none}, so there is nothing
     * to trust, and Tessera keeps no list of authenticator vendors.
     */
    @Bean
    WebAuthnManager webAuthnManager(ObjectConverter converter) {
        return WebAuthnManager.createNonStrictWebAuthnManager(converter);
    }

    @Bean
    AttestedCredentialDataConverter attestedCredentialDataConverter(ObjectConverter converter) {
        return new AttestedCredentialDataConverter(converter);
    }

    /** The origins default to the gateway's public origin, the scheme, host and port of the token issuer. */
    @Bean
    Passkeys.RelyingParty relyingParty(WebAuthnProperties properties, TokenProperties tokens) {
        Set<Origin> origins = new LinkedHashSet<>();
        if (properties.origins().isEmpty()) {
            URI issuer = URI.create(tokens.issuer());
            origins.add(new Origin(issuer.getScheme() + "://" + issuer.getRawAuthority()));
        } else {
            properties.origins().forEach(origin -> origins.add(new Origin(origin)));
        }
        return new Passkeys.RelyingParty(properties.rpId(), properties.rpName(), Set.copyOf(origins));
    }

    @Bean
    SchedulingConfigurer passkeyCeremonyPurgeSchedule(PasskeyCeremonies ceremonies) {
        return registrar -> registrar.addFixedDelayTask(ceremonies::purgeExpired, PURGE_INTERVAL);
    }
}
