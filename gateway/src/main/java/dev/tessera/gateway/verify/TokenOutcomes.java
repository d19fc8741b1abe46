package dev.tessera.gateway.verify;

import dev.tessera.gateway.caller.AccessToken;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * {@code tessera.gateway.tokens{outcome=verified|rejected, reason}}: every access-token verification, whichever
 * verifier runs, so dashboards work in both modes. Reasons are the verifiers' fixed texts (low cardinality), never
 * a token or a library's message.
 */
final class TokenOutcomes {

    private volatile MeterRegistry meters;

    /** Counts from now on. */
    void bindTo(MeterRegistry registry) {
        this.meters = registry;
    }

    Mono<AccessToken> counted(Mono<AccessToken> verification) {
        MeterRegistry registry = meters;
        if (registry == null) {
            return verification;
        }
        return verification
                .doOnSuccess(ok -> registry.counter("tessera.gateway.tokens", "outcome", "verified", "reason", "none")
                        .increment())
                .doOnError(
                        TokenRejectedException.class,
                        ex -> registry.counter(
                                        "tessera.gateway.tokens", "outcome", "rejected", "reason", ex.getMessage())
                                .increment());
    }
}
