package dev.tessera.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An RFC 6749 section 5.2 error of the OAuth endpoints ({@link TokenEndpoint}, {@link IntrospectionEndpoint}): JSON
 * {@code {"error", "error_description"}}, not a problem detail, because OAuth clients parse this shape. The
 * description is fixed text, never the client's input.
 */
final class OAuthError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;

    private final String code;

    private final String description;

    OAuthError(HttpStatus status, String code, String description) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.description = description;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    static OAuthError invalidClient() {
        return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_client", "Client authentication failed.");
    }

    /**
     * The answer: never cached; a 401 carries {@code WWW-Authenticate: Basic} (RFC 6749 section 5.2 requires it when
     * the client used Basic and allows it otherwise, so every 401 carries it and all of them look alike).
     */
    ResponseEntity<Object> toResponse() {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(this.status)
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .contentType(MediaType.APPLICATION_JSON);
        if (this.status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tessera\", charset=\"UTF-8\"");
        }
        return response.body(new Body(this.code, this.description));
    }

    /** RFC 6749 section 5.2. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(
            String error, @JsonProperty("error_description") String errorDescription) {}
}
