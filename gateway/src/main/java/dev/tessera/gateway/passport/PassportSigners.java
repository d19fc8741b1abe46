package dev.tessera.gateway.passport;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One passport signer per audience, each with that audience's own key ring ({@link PassportKeyProperties}).
 * Built at start-up for every audience a route names plus the audience of the gateway's own calls to
 * auth-service; a missing ring, a weak key, or one key shared by two audiences stops start-up.
 */
public final class PassportSigners {

    private final Map<String, PassportSigner> byAudience;
    private final String internalAudience;

    private PassportSigners(Map<String, PassportSigner> byAudience, String internalAudience) {
        this.byAudience = Map.copyOf(byAudience);
        this.internalAudience = internalAudience;
    }

    /**
     * Builds the signers.
     *
     * @param configured the configured rings by audience (keys as bound: from the environment without dashes)
     * @param audiences every audience that needs a signer
     * @param internalAudience the audience of the gateway's own calls to auth-service (among {@code audiences})
     * @return the signers
     * @throws IllegalStateException naming the audience whose ring is missing or refused
     */
    static PassportSigners of(Map<String, List<String>> configured, Set<String> audiences, String internalAudience) {
        Map<String, List<String>> rings = new HashMap<>();
        configured.forEach((audience, ring) -> {
            if (rings.put(normalised(audience), ring) != null) {
                throw new IllegalStateException("tessera.gateway.passport.keys names audience '" + audience
                        + "' twice (spellings differing only in case or dashes)");
            }
        });
        Map<String, PassportSigner> signers = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (String audience : audiences) {
            List<String> ring = rings.get(normalised(audience));
            boolean missing = ring == null || ring.stream().allMatch(key -> key == null || key.isBlank());
            if (missing) {
                throw new IllegalStateException("No passport key for audience '" + audience + "': set"
                        + " tessera.gateway.passport.keys." + audience + " (TESSERA_GATEWAY_PASSPORT_KEYS_"
                        + normalised(audience).toUpperCase(Locale.ROOT) + "), base64 of at least 32 random"
                        + " bytes, and give the same key to that service only (its tessera.passport.secrets)");
            }
            PassportSecrets secrets;
            try {
                secrets = PassportSecrets.fromConfiguration(ring);
            } catch (IllegalStateException ex) {
                // The message says what is wrong; the audience says where.
                throw new IllegalStateException("Passport keys of audience '" + audience + "': " + ex.getMessage());
            }
            for (String key : (ring != null) ? ring : List.<String>of()) {
                if (key == null || key.isBlank()) {
                    continue;
                }
                String fingerprint = Base64.getEncoder().encodeToString(decode(key));
                String owner = owners.putIfAbsent(fingerprint, audience);
                if (owner != null && !owner.equals(audience)) {
                    throw new IllegalStateException("Audiences '" + owner + "' and '" + audience + "' share a passport"
                            + " key: each service needs its own, or one could speak for the other");
                }
            }
            signers.put(audience, new PassportSigner(secrets));
        }
        if (!signers.containsKey(internalAudience)) {
            throw new IllegalStateException(
                    "No signer for the gateway's own calls (audience " + internalAudience + ")");
        }
        return new PassportSigners(signers, internalAudience);
    }

    /**
     * The signer for one audience.
     *
     * @param audience a route's audience
     * @return its signer
     * @throws IllegalArgumentException if no route names that audience
     */
    public PassportSigner forAudience(String audience) {
        PassportSigner signer = byAudience.get(audience);
        if (signer == null) {
            throw new IllegalArgumentException("No passport signer for audience " + audience);
        }
        return signer;
    }

    /**
     * Mints a passport for one of the gateway's own calls to auth-service (introspection, revocation feed,
     * browser sessions), with auth-service's key.
     *
     * @param caller who the call is for
     * @param method the method of the call
     * @param path the raw path auth-service receives
     * @param clientAddress the browser's address for a call made on its behalf, else {@code null}
     * @return the compact passport
     */
    public String signInternal(Passport caller, String method, String path, String clientAddress) {
        return byAudience.get(internalAudience).sign(caller, internalAudience, method, path, clientAddress);
    }

    /** What Spring Boot's relaxed binding leaves of a map key that came from an environment variable. */
    static String normalised(String audience) {
        return audience.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static byte[] decode(String key) {
        String text = key.strip();
        return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0)
                ? Base64.getUrlDecoder().decode(text)
                : Base64.getDecoder().decode(text);
    }
}
