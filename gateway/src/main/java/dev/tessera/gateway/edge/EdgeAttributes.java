package dev.tessera.gateway.edge;

import org.springframework.web.server.ServerWebExchange;

/** Exchange attributes decided once at the edge and read by later filters. */
public final class EdgeAttributes {

    static final String REQUEST_ID = EdgeAttributes.class.getName() + ".requestId";

    static final String CLIENT_ADDRESS = EdgeAttributes.class.getName() + ".clientAddress";

    static final String CSRF_HEADER = EdgeAttributes.class.getName() + ".csrfHeader";

    private EdgeAttributes() {}

    /**
     * The validated or generated request id.
     *
     * @param exchange the exchange
     * @return the id, or {@code null} before the edge filter ran
     */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(REQUEST_ID);
    }

    /**
     * The client address as decided by the edge (trusted proxies only).
     *
     * @param exchange the exchange
     * @return the address, or {@code "unknown"}
     */
    public static String clientAddress(ServerWebExchange exchange) {
        String address = exchange.getAttribute(CLIENT_ADDRESS);
        return (address != null) ? address : "unknown";
    }

    /**
     * The client address as a passport carries it ({@code cip}): an IP literal without an IPv6 zone (which
     * means nothing off this host), or {@code null} when the connection had no address.
     *
     * @param exchange the exchange
     * @return the address literal, or {@code null}
     */
    public static String clientAddressLiteral(ServerWebExchange exchange) {
        String address = exchange.getAttribute(CLIENT_ADDRESS);
        if (address == null || "unknown".equals(address)) {
            return null;
        }
        int zone = address.indexOf('%');
        return (zone >= 0) ? address.substring(0, zone) : address;
    }

    /**
     * The value of the client's CSRF header, captured before identity headers were stripped.
     *
     * @param exchange the exchange
     * @return the value, or {@code null}
     */
    public static String csrfHeader(ServerWebExchange exchange) {
        return exchange.getAttribute(CSRF_HEADER);
    }
}
