package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressResolverTests {

    private final ClientAddressResolver resolver =
            new ClientAddressResolver(new ProxyProperties(List.of("127.0.0.1/32", "::1/128", "10.0.0.0/8")));

    @Test
    void resolveWhenPeerIsNotTrustedThenForwardedForIsIgnored() {
        MockHttpServletRequest request = request("203.0.113.9", "198.51.100.1");

        assertThat(this.resolver.resolve(request)).isEqualTo("ipv4:203.0.113.9");
    }

    @Test
    void resolveWhenPeerIsTrustedProxyThenRightmostUntrustedHopIsTheClient() {
        assertThat(this.resolver.resolve(request("127.0.0.1", "198.51.100.7"))).isEqualTo("ipv4:198.51.100.7");
        // A client prepending a fake hop does not change the answer.
        assertThat(this.resolver.resolve(request("127.0.0.1", "1.2.3.4, 198.51.100.7")))
                .isEqualTo("ipv4:198.51.100.7");
        // Trusted hops are skipped from the right.
        assertThat(this.resolver.resolve(request("127.0.0.1", "198.51.100.7, 10.1.2.3")))
                .isEqualTo("ipv4:198.51.100.7");
    }

    @Test
    void resolveWhenForwardedForIsGarbageThenNoHostNameLookupAndPeerUsed() {
        assertThat(this.resolver.resolve(request("127.0.0.1", "evil.example.com")))
                .isEqualTo("ipv4:127.0.0.1");
        assertThat(this.resolver.resolve(request("127.0.0.1", "'; DROP TABLE x; --")))
                .isEqualTo("ipv4:127.0.0.1");
        assertThat(this.resolver.resolve(request("127.0.0.1", ""))).isEqualTo("ipv4:127.0.0.1");
    }

    @Test
    void resolveWhenIpv6ThenCountedPerSlash64() {
        String a = this.resolver.resolve(request("2001:db8:1:2::1", null));
        String b = this.resolver.resolve(request("2001:db8:1:2:ffff::9", null));
        String c = this.resolver.resolve(request("2001:db8:1:3::1", null));

        assertThat(a).isEqualTo(b).isEqualTo("ipv6:20010db800010002/64");
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void ipRangeWhenPrefixNotOnByteBoundaryThenMatchesExactly() {
        IpRange range = IpRange.parse("192.168.16.0/20");

        assertThat(range.contains(IpRange.literal("192.168.31.255"))).isTrue();
        assertThat(range.contains(IpRange.literal("192.168.32.0"))).isFalse();
        assertThat(range.contains(IpRange.literal("::1"))).isFalse();
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
