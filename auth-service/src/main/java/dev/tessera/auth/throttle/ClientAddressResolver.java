package dev.tessera.auth.throttle;

import dev.tessera.passport.Passport;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;
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

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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

    /** Parses an IPv4 or IPv6 literal; null for anything else (never a host name: no DNS look-up). */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean v4 = IPV4.matcher(candidate).matches();
        boolean v6 =
                !v4 && candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException ex) {
            return null;
        }
    }

    private static String bucket(InetAddress address) {
        if (address instanceof Inet4Address) {
            return "ipv4:" + address.getHostAddress();
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            byte[] prefix = new byte[8];
            System.arraycopy(bytes, 0, prefix, 0, 8);
            return "ipv6:" + HexFormat.of().formatHex(prefix) + "/64";
        }
        return "unknown";
    }
}
