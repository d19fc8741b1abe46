package dev.tessera.boot;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The request id rule shared by every Tessera service and the gateway: the gateway's {@code X-Request-Id} is taken
 * when it is a short id of safe characters ({@code [A-Za-z0-9._:-]{1,64}}); anything else (a direct call, junk) is
 * replaced by a fresh UUID, so a client never chooses what is logged or echoed.
 */
final class RequestIds {

    /** The header the gateway sends the request id in. */
    static final String HEADER = "X-Request-Id";

    /** The logging-context key (Elastic Common Schema {@code http.request.id}). */
    static final String MDC_KEY = "http.request.id";

    /** The request (servlet) or exchange (reactive) attribute holding the id for the problem bodies. */
    static final String ATTRIBUTE = RequestIds.class.getName();

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    static boolean isSafe(@Nullable String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** The id for a request that sent {@code header}: the header when safe, else a fresh UUID. */
    static String from(@Nullable String header) {
        return isSafe(header) ? header : UUID.randomUUID().toString();
    }
}
