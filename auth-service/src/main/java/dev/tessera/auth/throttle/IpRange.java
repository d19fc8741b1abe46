package dev.tessera.auth.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address range in CIDR notation; parses IP literals only, never a host name (no DNS). */
record IpRange(byte[] network, int prefix) {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    static IpRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Not an IP range: " + cidr);
        }
        int max = address.getAddress().length * 8;
        int prefix = (slash < 0) ? max : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("Bad prefix length in " + cidr);
        }
        return new IpRange(address.getAddress(), prefix);
    }

    /** Parses an IPv4 or IPv6 literal; null for anything else (including host names). */
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

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != this.network.length) {
            return false;
        }
        int fullBytes = this.prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != this.network[i]) {
                return false;
            }
        }
        int remainingBits = this.prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (bytes[fullBytes] & mask) == (this.network[fullBytes] & mask);
    }
}
