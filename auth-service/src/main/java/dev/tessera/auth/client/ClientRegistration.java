package dev.tessera.auth.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a machine client may do: its id, the audiences (services) it may ask tokens for and the scopes it may be
 * granted. Built only through {@link #check}, so every instance is valid.
 *
 * @param clientId {@code [a-z][a-z0-9-]{1,62}}
 * @param audiences 1 to 16 service names or resource URIs, never the audience of user tokens: a machine token for
 *     that audience would be accepted by the gateway as a user's token
 * @param scopes 0 to 32 RFC 6749 scope tokens
 */
public record ClientRegistration(String clientId, Set<String> audiences, Set<String> scopes) {

    static final Pattern CLIENT_ID = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    static final Pattern AUDIENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,64}");

    static final int MAX_AUDIENCES = 16;

    static final int MAX_SCOPES = 32;

    /** A rule the input breaks, written for whoever supplied it. */
    record Violation(String field, String reason) {}

    /**
     * Checks the input.
     *
     * @param userAudience the {@code aud} of user access tokens, which no client may ask for
     * @param firstPartyClientId the {@code client_id} of user access tokens, which no machine client may have
     * @return the registration, or the first rule broken
     */
    static Result check(
            String clientId,
            List<String> audiences,
            List<String> scopes,
            String userAudience,
            String firstPartyClientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return Result.broken("clientId", "must match [a-z][a-z0-9-]{1,62}");
        }
        if (clientId.equals(firstPartyClientId)) {
            return Result.broken("clientId", "is reserved for Tessera's own first-party client");
        }
        if (audiences == null || audiences.isEmpty()) {
            return Result.broken("audiences", "must name at least one audience");
        }
        if (audiences.size() > MAX_AUDIENCES) {
            return Result.broken("audiences", "at most " + MAX_AUDIENCES);
        }
        for (String audience : audiences) {
            if (audience == null || !AUDIENCE.matcher(audience).matches()) {
                return Result.broken("audiences", "each must match [A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
            }
            if (audience.equals(userAudience)) {
                return Result.broken("audiences", "must not be the audience of user tokens");
            }
        }
        List<String> granted = (scopes != null) ? scopes : List.of();
        if (granted.size() > MAX_SCOPES) {
            return Result.broken("scopes", "at most " + MAX_SCOPES);
        }
        for (String scope : granted) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                return Result.broken("scopes", "each must be an RFC 6749 scope token of at most 64 characters");
            }
        }
        return new Result(
                new ClientRegistration(
                        clientId, Set.copyOf(new LinkedHashSet<>(audiences)), Set.copyOf(new LinkedHashSet<>(granted))),
                null);
    }

    /** Either a registration or a violation. */
    record Result(ClientRegistration registration, Violation violation) {

        static Result broken(String field, String reason) {
            return new Result(null, new Violation(field, reason));
        }

        Optional<Violation> problem() {
            return Optional.ofNullable(this.violation);
        }
    }
}
