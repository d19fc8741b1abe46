package dev.tessera.boot;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The one problem contract, in one place: type URIs ({@value ProblemException#TYPE_PREFIX} + slug), titles, the
 * generic detail of each status, the {@code requestId} member, and no {@code instance} (the request path is never
 * echoed). Every renderer of the kit (the MVC and WebFlux advice, the error controller, the filters, the Tomcat
 * valve, the reactive error handler) goes through it.
 */
final class ProblemBodies {

    /** The extension member naming the request (the gateway's {@code X-Request-Id}, or a fresh one). */
    static final String REQUEST_ID = "requestId";

    static final String GENERIC_DETAIL = "The request could not be processed.";

    private static final Map<Integer, String> DETAILS = Map.ofEntries(
            Map.entry(400, "The request is not valid for this endpoint."),
            Map.entry(401, "Authentication is required."),
            Map.entry(403, "The caller may not do this."),
            Map.entry(404, "There is no such resource."),
            Map.entry(405, "This method is not supported on this resource."),
            Map.entry(406, "This resource can only answer with JSON."),
            Map.entry(413, "The request body is too large."),
            Map.entry(415, "Send the body as application/json."),
            Map.entry(429, "Too many requests. Try again later."),
            Map.entry(503, "The service is temporarily unavailable. Try again later."));

    private ProblemBodies() {}

    /** A problem for a status alone: the status's reason as title and slug, and a fixed generic detail. */
    static ProblemDetail generic(HttpStatusCode status) {
        return of(status, slugOf(status), titleOf(status), DETAILS.getOrDefault(status.value(), GENERIC_DETAIL));
    }

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemException.TYPE_PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }

    /**
     * Brings any problem Spring is about to render into the contract: no {@code instance}, a Tessera type for {@code
     * about:blank}, a title, and the request id when known.
     */
    static ProblemDetail normalize(ProblemDetail problem, @Nullable String requestId) {
        problem.setInstance(null);
        HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(ProblemException.TYPE_PREFIX + slugOf(status)));
        }
        if (problem.getTitle() == null) {
            problem.setTitle(titleOf(status));
        }
        if (requestId != null && RequestIds.isSafe(requestId)) {
            problem.setProperty(REQUEST_ID, requestId);
        }
        return problem;
    }

    /** The headers of every problem answer: {@code extra} (e.g. {@code Allow}, {@code Retry-After}), the media type, no caching. */
    static HttpHeaders headers(@Nullable HttpHeaders extra) {
        HttpHeaders headers = new HttpHeaders();
        if (extra != null) {
            headers.addAll(extra);
        }
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setCacheControl("no-store");
        return headers;
    }

    static String titleOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return (known != null) ? known.getReasonPhrase() : "Error";
    }

    static String slugOf(HttpStatusCode status) {
        return titleOf(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * The JSON text of a problem, for the few places that answer outside Spring's message converters (servlet
     * filters, Tomcat's error valve): the standard members in RFC order, then string and number members. Written by
     * hand because Tomcat's valve runs without the application's {@code JsonMapper}; the values are the contract's
     * own texts and a request id of safe characters, escaped all the same.
     */
    static String json(ProblemDetail problem) {
        StringBuilder json = new StringBuilder(160).append('{');
        member(json, "type", String.valueOf(problem.getType()));
        member(json, "title", problem.getTitle());
        json.append(",\"status\":").append(problem.getStatus());
        member(json, "detail", problem.getDetail());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach((name, value) -> {
                if (value instanceof Number number) {
                    json.append(',');
                    string(json, name);
                    json.append(':').append(number);
                } else if (value instanceof CharSequence text) {
                    member(json, name, text.toString());
                }
            });
        }
        return json.append('}').toString();
    }

    private static void member(StringBuilder json, String name, @Nullable String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        string(json, name);
        json.append(':');
        string(json, value);
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
