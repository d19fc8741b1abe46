package dev.tessera.auth.client;

import java.util.List;
import java.util.UUID;

/** A resource server's machine client that may introspect (scope {@code introspect}), registered for one test. */
record IntrospectingClient(String id, String secret) {

    static IntrospectingClient register(MachineClients clients) {
        String id = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = clients.register(id, List.of("search-service"), List.of(IntrospectionEndpoint.SCOPE), null)
                .clientSecret();
        return new IntrospectingClient(id, secret);
    }
}
