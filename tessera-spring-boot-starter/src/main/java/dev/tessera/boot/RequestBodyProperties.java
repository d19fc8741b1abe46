package dev.tessera.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The request body limit ({@code tessera.http.request-body.*}): a body larger than {@link #maxSize()} is refused
 * with a 413 problem before anything parses it, at once when {@code Content-Length} says so, and as soon as the limit
 * is crossed when the body is chunked. The strict JSON reader takes the same size as its document limit.
 *
 * @param enabled whether the kit limits request bodies; default {@code true}
 * @param maxSize the largest body accepted; default 256 KiB (WebFlux's own in-memory buffer limit). A plain number
 *     counts bytes.
 */
@ConfigurationProperties("tessera.http.request-body")
record RequestBodyProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("256KB") DataSize maxSize) {}
