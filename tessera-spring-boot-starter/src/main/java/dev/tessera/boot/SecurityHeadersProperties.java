package dev.tessera.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The headers every answer of a Tessera JSON API carries ({@code tessera.http.security-headers.*}): should a browser
 * ever open one directly, it must not sniff it as HTML ({@code X-Content-Type-Options: nosniff}, always sent),
 * frame it, send a referrer from it, or run anything in it.
 *
 * @param enabled whether the kit sends them; default {@code true}
 * @param contentSecurityPolicy the {@code Content-Security-Policy}; default {@code default-src 'none';
 *     frame-ancestors 'none'}
 * @param frameOptions the {@code X-Frame-Options}; default {@code DENY}
 * @param referrerPolicy the {@code Referrer-Policy}; default {@code no-referrer}
 */
@ConfigurationProperties("tessera.http.security-headers")
record SecurityHeadersProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("default-src 'none'; frame-ancestors 'none'")
        String contentSecurityPolicy,

        @DefaultValue("DENY") String frameOptions,
        @DefaultValue("no-referrer") String referrerPolicy) {

    /** The headers to set, in a fixed order. */
    String[][] headers() {
        return new String[][] {
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", this.frameOptions},
            {"Referrer-Policy", this.referrerPolicy},
            {"Content-Security-Policy", this.contentSecurityPolicy}
        };
    }
}
