package dev.tessera.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request id of every request ({@code tessera.http.request-id.*}): the gateway's {@code X-Request-Id} when it
 * is a short id of safe characters ({@code [A-Za-z0-9._:-]{1,64}}), otherwise a fresh UUID; in the logging context
 * as {@code http.request.id} and in every problem as {@code requestId}.
 *
 * @param enabled whether the kit sets the request id; default {@code true}
 */
@ConfigurationProperties("tessera.http.request-id")
record RequestIdProperties(@DefaultValue("true") boolean enabled) {}
