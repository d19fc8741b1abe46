package dev.tessera.passport;

import java.util.regex.Pattern;

/** The one rule for a client address in a passport: an IPv4 or IPv6 literal, never a host name. */
final class ClientAddresses {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Hex groups and colons, optionally ending in a dotted quad; the full grammar is checked by parsing. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddresses() {}

    static boolean isLiteral(String address) {
        if (IPV4.matcher(address).matches()) {
            return true;
        }
        if (address.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(address).matches()) {
            return false;
        }
        try {
            // With a ':' and only these characters the text cannot be a host name: no DNS look-up happens.
            java.net.InetAddress.getByName(address);
            return true;
        } catch (java.net.UnknownHostException ex) {
            return false;
        }
    }
}
