package dev.tessera.gateway.route;

/**
 * The keys of what each upstream route carries as Spring Cloud Gateway metadata, set from its configuration here and
 * read when the request is proxied (the passport is minted for the audience, credentials are kept or removed).
 */
public final class RouteMetadata {

    /** The target service's name (passport audience). Routes without it are refused. */
    public static final String AUDIENCE = "tessera-audience";

    /** The namespace of the permissions the route's passports carry ({@code perm}), e.g. {@code forum}. */
    public static final String PERMISSION_NAMESPACE = "tessera-permission-namespace";

    /** Forward the client's access token downstream. */
    public static final String FORWARD_CREDENTIALS = "tessera-forward-credentials";

    /** Forward {@code Authorization: Basic} (OAuth 2.0 client authentication) downstream. */
    public static final String FORWARD_CLIENT_AUTHENTICATION = "tessera-forward-client-authentication";

    private RouteMetadata() {}
}
