package dev.tessera.boot;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;

/**
 * Makes the request id and the caller's id, which the reactive filters put into the Reactor context, show in the
 * SLF4J logging context (MDC) of the code that handles the exchange, on whichever thread it runs: Micrometer's
 * context-propagation copies registered keys from the Reactor context into thread-locals around every operator once
 * automatic propagation is on ({@code spring.reactor.context-propagation=auto}, Spring Boot's property).
 */
final class ReactiveLoggingContext {

    private ReactiveLoggingContext() {}

    static void register() {
        for (String key : new String[] {RequestIds.MDC_KEY, Callers.MDC_USER_ID}) {
            ContextRegistry.getInstance()
                    .registerThreadLocalAccessor(
                            key, () -> MDC.get(key), value -> MDC.put(key, value), () -> MDC.remove(key));
        }
    }
}
