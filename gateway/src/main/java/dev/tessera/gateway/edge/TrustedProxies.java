package dev.tessera.gateway.edge;

import dev.tessera.passport.ClientAddresses;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides the client address: the immediate peer, unless the peer is a configured trusted proxy; then
 * {@code X-Forwarded-For} is walked from the right, skipping trusted proxies, and the first untrusted
 * hop is the client. A malformed header from a trusted proxy falls back to the peer.
 */
final class TrustedProxies {

    private final List<Cidr> cidrs;

    TrustedProxies(List<String> cidrs) {
        this.cidrs = cidrs.stream().map(Cidr::parse).toList();
    }

    String clientAddress(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer.getHostAddress();
        }
        String[] hops = String.join(",", forwardedFor).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].strip());
            if (hop == null) {
                return peer.getHostAddress();
            }
            if (!isTrusted(hop) || i == 0) {
                return hop.getHostAddress();
            }
        }
        return peer.getHostAddress();
    }

    boolean isTrusted(InetAddress address) {
        return cidrs.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** Parses an IP literal only: never a host name (no DNS look-up from input). */
    static InetAddress literal(String text) {
        return ClientAddresses.parse(text).orElse(null);
    }

    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR: " + text);
            }
            byte[] bytes = address.getAddress();
            int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bytes.length * 8;
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("Bad prefix length: " + text);
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
