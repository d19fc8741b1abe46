package dev.tessera.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Strict JSON input ({@code tessera.json.*}), instead of Jackson's lenient defaults (deep nesting, the last duplicate
 * key wins, scalars coerced to strings): duplicate keys, unknown fields, trailing tokens, {@code null} for a
 * primitive, and a number, boolean, array or object where a string is expected are all refused (400). The longest
 * document and string accepted is the request body limit ({@code tessera.http.request-body.max-size}).
 *
 * @param enabled whether the kit makes the application's {@code JsonMapper} strict; default {@code true}
 * @param maxNestingDepth the deepest nesting of arrays and objects; default 16
 * @param maxNameLength the longest field name; default 256
 * @param maxNumberLength the longest number, in characters; default 32
 */
@ConfigurationProperties("tessera.json")
record StrictJsonProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int maxNestingDepth,
        @DefaultValue("256") int maxNameLength,
        @DefaultValue("32") int maxNumberLength) {}
