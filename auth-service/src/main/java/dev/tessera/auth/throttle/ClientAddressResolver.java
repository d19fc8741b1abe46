package dev.tessera.auth.throttle;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Decides the client address that throttling counts under (docs/contracts.md, "Client address").
 * {@code X-Forwarded-For} is read only when the immediate peer is a trusted proxy, and then from the
 * right: the first entry that is not itself a trusted proxy is the client. A client that is not a
 * trusted proxy cannot change its address by sending the header. IPv6 clients count per /64, the
 * block one subscriber usually controls.
 */
@Component
public class ClientAddressResolver {

    private static final int MAX_FORWARDED_ENTRIES = 32;

    private final List<IpRange> trustedProxies;

    ClientAddressResolver(ProxyProperties properties) {
        this.trustedProxies =
                properties.trustedProxies().stream().map(IpRange::parse).toList();
    }

    /** A stable, non-spoofable key for the client of this request. */
    public String resolve(HttpServletRequest request) {
        InetAddress peer = IpRange.literal(request.getRemoteAddr());
        if (peer == null) {
            return "unknown";
        }
        if (!isTrusted(peer)) {
            return bucket(peer);
        }
        List<String> entries = forwardedEntries(request);
        InetAddress client = peer;
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress hop = IpRange.literal(entries.get(i));
            if (hop == null) {
                // Garbage in the chain: stop at the last hop we could read.
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return bucket(client);
    }

    private boolean isTrusted(InetAddress address) {
        return this.trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    private static List<String> forwardedEntries(HttpServletRequest request) {
        List<String> entries = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",", MAX_FORWARDED_ENTRIES + 1)) {
                entries.add(entry);
            }
        }
        return (entries.size() > MAX_FORWARDED_ENTRIES)
                ? entries.subList(entries.size() - MAX_FORWARDED_ENTRIES, entries.size())
                : entries;
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
