package dev.tessera.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTests {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.1"));

    @Test
    void clientAddressWhenPeerUntrustedThenPeerWhateverTheHeaderSays() throws Exception {
        assertThat(proxies.clientAddress(InetAddress.getByName("203.0.113.5"), List.of("1.2.3.4")))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void clientAddressWhenTrustedChainThenFirstUntrustedHopFromTheRight() throws Exception {
        assertThat(proxies.clientAddress(
                        InetAddress.getByName("10.1.2.3"), List.of("6.6.6.6, 198.51.100.7", "192.168.1.1")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void clientAddressWhenHeaderMalformedOrHostNameThenPeer() throws Exception {
        assertThat(proxies.clientAddress(InetAddress.getByName("10.1.2.3"), List.of("evil.example")))
                .isEqualTo("10.1.2.3");
        assertThat(proxies.clientAddress(InetAddress.getByName("10.1.2.3"), List.of("")))
                .isEqualTo("10.1.2.3");
    }

    @Test
    void headerNamesWhenIdentityLookingInAnySpellingThenForbidden() {
        assertThat(List.of(
                        "X-Tessera-Passport",
                        "x_tessera_passport",
                        "X-User-Id",
                        "X_USER_ROLES",
                        "x.user.name",
                        "Forwarded",
                        "X-Forwarded-For",
                        "Connection",
                        // Lower-cased by the JDK's rules first, then everything but a-z and 0-9 dropped: the dotted
                        // capital I becomes "i" plus a combining dot, a soft hyphen disappears.
                        "X-\u0130dentity",
                        "X\u00adTessera-Passport"))
                .allMatch(EdgeFilter::isForbidden);
        assertThat(List.of("Authorization", "Accept", "Cookie", "traceparent", "Content-Type"))
                .noneMatch(EdgeFilter::isForbidden);
    }
}
