package dev.tessera.passport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request id into the logging context ({@code http.request.id}, the Elastic Common Schema name,
 * the same in every Tessera service) for the length of the request, so every log line can be matched with
 * the gateway's, also on endpoints that carry no passport. The gateway's {@code X-Request-Id} is taken when
 * it is a short id of safe characters (the gateway's own rule); otherwise (a direct call, or junk) a new id
 * is made up, so the value logged is never what a client chose to write into the log. The caller's id
 * ({@code user.id}) is added by {@link PassportFilter} once the passport is verified. Register it first of
 * all, so that even the passport filter's refusals are logged with the id.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    /** The header the gateway sends the request id in. */
    public static final String HEADER = "X-Request-Id";

    /** The logging-context key. */
    public static final String MDC_KEY = PassportFilter.MDC_REQUEST_ID;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HEADER);
        if (!isSafe(id)) {
            id = UUID.randomUUID().toString();
        }
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * Whether a client-sent request id may be used as is: a short id of safe characters, the gateway's own
     * rule. Anything else is never logged or echoed.
     */
    static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** The current request's id, or {@code null} outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
