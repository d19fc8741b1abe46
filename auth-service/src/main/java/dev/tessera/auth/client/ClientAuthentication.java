package dev.tessera.auth.client;

import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.throttle.LoginThrottle;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * What every OAuth endpoint of auth-service does before its own work (the token endpoint, the introspection
 * endpoint): read the form, each parameter at most once, from the body only; then authenticate the machine client
 * with {@code client_secret_basic} or {@code client_secret_post}, never both (RFC 6749 sections 2.3 and 3.2).
 *
 * <p>Authentication is charged to the throttle before the secret is checked (per client id and address, and per
 * address: never per id alone, so nobody can lock a service out) and every failure is audited with the client
 * address. Unknown id, wrong secret and disabled client all answer the same {@code invalid_client} 401; the reason
 * is for the audit log only. Secrets are compared on their hashes in constant time ({@link ClientSecrets}).
 *
 * <p>Hand-written because the request arrives at a plain MVC controller (auth-service has no Spring Security filter
 * chain that could run Spring Authorization Server's client authentication; see {@link TokenEndpoint}); the parts
 * are the ones RFC 6749 section 2.3.1 defines, small enough to read in one go.
 */
@Component
class ClientAuthentication {

    private final MachineClients clients;

    private final LoginThrottle throttle;

    private final ClientAddressResolver addresses;

    private final AuditLog audit;

    ClientAuthentication(
            MachineClients clients, LoginThrottle throttle, ClientAddressResolver addresses, AuditLog audit) {
        this.clients = clients;
        this.throttle = throttle;
        this.addresses = addresses;
        this.audit = audit;
    }

    /**
     * The form parameters, each at most once (RFC 6749 section 3.2), from the body only.
     *
     * @throws OAuthError {@code invalid_request} when the request is not a form, repeats a parameter or has a query
     */
    static Map<String, String> form(HttpServletRequest request) {
        MediaType type;
        try {
            type = (request.getContentType() != null) ? MediaType.parseMediaType(request.getContentType()) : null;
        } catch (InvalidMediaTypeException ex) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded.");
        }
        if (request.getQueryString() != null) {
            // Credentials and tokens in a URL end up in access logs; the parameters belong in the body.
            throw OAuthError.invalidRequest("Parameters must be sent in the request body.");
        }
        Map<String, String> form = new HashMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getValue().length != 1) {
                throw OAuthError.invalidRequest("A parameter was repeated.");
            }
            form.put(parameter.getKey(), parameter.getValue()[0]);
        }
        return form;
    }

    /**
     * The authenticated client.
     *
     * @throws OAuthError {@code invalid_request} for two methods at once, {@code invalid_client} for anything else
     *     that does not authenticate an enabled client
     * @throws dev.tessera.auth.throttle.TooManyAttemptsException (429) when the throttle holds this client back
     */
    ClientRegistration authenticate(HttpServletRequest request, Map<String, String> form) {
        Credentials credentials = credentials(request, form);
        String address = this.addresses.resolve(request);
        LoginThrottle.Attempt attempt = this.throttle.beginClientAuthentication(credentials.clientId(), address);
        if (credentials.secret().length() > ClientSecrets.MAX_SECRET_LENGTH) {
            fail(MachineClients.Outcome.UNKNOWN_CLIENT, null, address);
        }
        MachineClients.Authentication result = this.clients.authenticate(credentials.clientId(), credentials.secret());
        if (result.outcome() != MachineClients.Outcome.AUTHENTICATED) {
            fail(result.outcome(), credentials.clientId(), address);
        }
        this.throttle.succeeded(attempt);
        return result.client();
    }

    /** {@code client_secret_basic} or {@code client_secret_post}, never both (RFC 6749 section 2.3). */
    private static Credentials credentials(HttpServletRequest request, Map<String, String> form) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String postedId = form.get("client_id");
        String postedSecret = form.get("client_secret");
        if (authorization != null) {
            if (postedSecret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method.");
            }
            Credentials basic = basic(authorization);
            if (postedId != null && !postedId.equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id does not match the authenticated client.");
            }
            return basic;
        }
        if (postedId == null || postedSecret == null) {
            throw OAuthError.invalidClient();
        }
        return new Credentials(postedId, postedSecret);
    }

    /** RFC 6749 section 2.3.1: both parts are form-urlencoded before base64. */
    private static Credentials basic(String authorization) {
        if (authorization.length() < 6
                || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            throw OAuthError.invalidClient();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuthError.invalidClient();
            }
            return new Credentials(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ex) {
            throw OAuthError.invalidClient();
        }
    }

    private void fail(MachineClients.Outcome outcome, String clientId, String address) {
        // The id is echoed only when it names a registered client: a caller may type anything into it.
        String detail = switch (outcome) {
            case WRONG_SECRET -> "client " + clientId + ": wrong secret";
            case DISABLED -> "client " + clientId + ": disabled";
            default -> "unknown client";
        };
        this.audit.record(AuditLog.Type.CLIENT_AUTHENTICATION_FAILED, null, null, address, detail);
        throw OAuthError.invalidClient();
    }

    private record Credentials(String clientId, String secret) {

        @Override
        public String toString() {
            return "Credentials[" + this.clientId + ", <redacted>]";
        }
    }
}
