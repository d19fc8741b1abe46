package dev.tessera.passport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for client addresses, shared by everything that reads one (the passport's {@code cip}, the gateway's
 * trusted proxies and rate limiter, auth-service's throttling): an IPv4 or IPv6 literal, never a host name, so reading
 * an address from a header or a token never causes a DNS look-up.
 *
 * <p>Hand-written because the JDK has no literal-only parser ({@code InetAddress.getByName} resolves names) and the
 * libraries that have one (Guava's {@code InetAddresses}, Netty's {@code NetUtil}) are not on every module's classpath;
 * the grammar is checked here by a pattern, the value by the JDK's own parser.
 */
public final class ClientAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Hex groups and colons, optionally ending in a dotted quad; the full grammar is checked by parsing. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddresses() {}

    /** Whether {@code address} is exactly an IPv4 or IPv6 literal (no brackets, no zone, no surrounding space). */
    public static boolean isLiteral(String address) {
        return address != null && literal(address).isPresent();
    }

    /**
     * An address from text as it arrives in a header: surrounding space, IPv6 brackets ({@code [::1]}) and an IPv6
     * zone ({@code fe80::1%eth0}) are tolerated and dropped; anything but a literal is empty.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        int zone = candidate.indexOf('%');
        if (zone >= 0 && candidate.indexOf(':') >= 0) {
            candidate = candidate.substring(0, zone);
        }
        return literal(candidate);
    }

    /**
     * The network one subscriber usually controls, as text: an IPv4 address itself ({@code 203.0.113.9}), an IPv6
     * address's /64 ({@code 2001:db8:0:1::/64}: one host usually holds a whole /64, so counting per address would
     * give it 2^64 budgets). An IPv4-mapped IPv6 address is its IPv4 address (the JDK parses it as one).
     */
    public static String network(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder network = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                    .append(':');
        }
        return network.append(":/64").toString();
    }

    private static Optional<InetAddress> literal(String address) {
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4
                && (address.indexOf(':') < 0
                        || !IPV6_CHARACTERS.matcher(address).matches())) {
            return Optional.empty();
        }
        try {
            // A dotted quad, or a ':' and only these characters: the text cannot be a host name, no DNS look-up.
            return Optional.of(InetAddress.getByName(address));
        } catch (UnknownHostException ex) {
            return Optional.empty();
        }
    }
}
