package dev.tessera.auth.throttle;

import dev.tessera.passport.ClientAddresses;
import dev.tessera.passport.Passport;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.springframework.stereotype.Component;

/**
 * Decides the client address that throttling counts under (docs/contracts.md, "Client address"): the address
 * the gateway saw, signed into the passport ({@code cip}), when the request carries a verified passport that
 * names one; else the TCP peer. No header is believed: {@code X-Forwarded-For} could be sent by any process that
 * reaches this port, and only the gateway can sign a passport for auth-service. IPv6 clients count per /64, the
 * block one subscriber usually controls.
 */
@Component
public class ClientAddressResolver {

    /** Where the starter's passport filter keeps the verified passport of a request. */
    private static final String PASSPORT_ATTRIBUTE = Passport.class.getName();

    /** A stable, non-spoofable key for the client of this request. */
    public String resolve(HttpServletRequest request) {
        Object passport = request.getAttribute(PASSPORT_ATTRIBUTE);
        if (passport instanceof Passport verified && verified.clientAddress() != null) {
            InetAddress client = literal(verified.clientAddress());
            if (client != null) {
                return bucket(client);
            }
        }
        InetAddress peer = literal(request.getRemoteAddr());
        return (peer != null) ? bucket(peer) : "unknown";
    }

    /**
     * The client's own address, from the same source as {@link #resolve} but whole (no /64 for IPv6, no prefix): what
     * a person recognises in their list of sessions. Never a throttling key.
     */
    public String address(HttpServletRequest request) {
        Object passport = request.getAttribute(PASSPORT_ATTRIBUTE);
        if (passport instanceof Passport verified && verified.clientAddress() != null) {
            InetAddress client = literal(verified.clientAddress());
            if (client != null) {
                return client.getHostAddress();
            }
        }
        InetAddress peer = literal(request.getRemoteAddr());
        return (peer != null) ? peer.getHostAddress() : null;
    }

    /** Parses an IPv4 or IPv6 literal; null for anything else (never a host name: no DNS look-up). */
    static InetAddress literal(String text) {
        return ClientAddresses.parse(text).orElse(null);
    }

    private static String bucket(InetAddress address) {
        return ((address instanceof Inet4Address) ? "ipv4:" : "ipv6:") + ClientAddresses.network(address);
    }
}
