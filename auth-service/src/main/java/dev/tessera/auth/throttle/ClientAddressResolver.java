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
                return text(client);
            }
        }
        InetAddress peer = literal(request.getRemoteAddr());
        return (peer != null) ? text(peer) : null;
    }

    /**
     * An address as people write it: IPv4 dotted, IPv6 in RFC 5952's canonical form ({@code ::1}, {@code
     * 2001:db8::5}), where the JDK writes all eight groups ({@code 0:0:0:0:0:0:0:1}). Hand-written because the JDK
     * has no such method and the libraries that do (Guava, IPAddress) would come in for these lines alone.
     */
    static String text(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups, the first one on a tie (RFC 5952, 4.2).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = (j == i) ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** Parses an IPv4 or IPv6 literal; null for anything else (never a host name: no DNS look-up). */
    static InetAddress literal(String text) {
        return ClientAddresses.parse(text).orElse(null);
    }

    private static String bucket(InetAddress address) {
        return ((address instanceof Inet4Address) ? "ipv4:" : "ipv6:") + ClientAddresses.network(address);
    }
}
