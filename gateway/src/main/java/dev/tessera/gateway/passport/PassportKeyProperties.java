package dev.tessera.gateway.passport;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The passport keys, one key ring per audience ({@code tessera.gateway.passport.keys.<audience>}): base64
 * secrets of at least 32 bytes, the first signs, every one verifies (rotation: add the new one second, give it
 * to the service, move it first, drop the old one). Each service holds only its own ring, so no service can mint
 * a passport another accepts. In environment variables the audience loses its dashes, as Spring Boot's relaxed
 * binding does: {@code TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE} is the ring of {@code forum-service}.
 *
 * @param keys the key rings by audience
 */
@ConfigurationProperties("tessera.gateway.passport")
public record PassportKeyProperties(@DefaultValue Map<String, List<String>> keys) {}
