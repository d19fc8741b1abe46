package dev.tessera.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressResolverTests {

    private final ClientAddressResolver resolver = new ClientAddressResolver();

    @Test
    void resolveWhenVerifiedPassportNamesTheClientThenThatAddressCounts() {
        MockHttpServletRequest request = request("127.0.0.1", "198.51.100.1");
        request.setAttribute(Passport.class.getName(), passportFrom("203.0.113.9"));

        assertThat(this.resolver.resolve(request)).isEqualTo("ipv4:203.0.113.9");
    }

    @Test
    void resolveWhenNoPassportThenForwardedForIsIgnoredEvenFromLoopback() {
        assertThat(this.resolver.resolve(request("127.0.0.1", "198.51.100.7"))).isEqualTo("ipv4:127.0.0.1");
        assertThat(this.resolver.resolve(request("203.0.113.9", "198.51.100.7")))
                .isEqualTo("ipv4:203.0.113.9");
    }

    @Test
    void resolveWhenPassportNamesNoAddressThenThePeerCounts() {
        MockHttpServletRequest request = request("192.0.2.5", null);
        request.setAttribute(Passport.class.getName(), passportFrom(null));

        assertThat(this.resolver.resolve(request)).isEqualTo("ipv4:192.0.2.5");
    }

    @Test
    void addressWhenIpv6ThenWrittenInRfc5952CanonicalForm() {
        assertThat(this.resolver.address(request("0:0:0:0:0:0:0:1", null))).isEqualTo("::1");
        assertThat(this.resolver.address(request("::", null))).isEqualTo("::");
        assertThat(this.resolver.address(request("2001:DB8:0:0:0:0:2:1", null))).isEqualTo("2001:db8::2:1");
        // One zero group is not shortened; the first of two equal runs is; the longer run wins.
        assertThat(this.resolver.address(request("2001:db8:0:1:1:1:1:1", null))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(this.resolver.address(request("2001:0:0:1:0:0:1:1", null))).isEqualTo("2001::1:0:0:1:1");
        assertThat(this.resolver.address(request("2001:0:0:1:0:0:0:1", null))).isEqualTo("2001:0:0:1::1");
        assertThat(this.resolver.address(request("fe80:0:0:0:0:0:0:0", null))).isEqualTo("fe80::");
        assertThat(this.resolver.address(request("192.0.2.5", null))).isEqualTo("192.0.2.5");
    }

    @Test
    void resolveWhenIpv6ThenCountedPerSlash64() {
        String a = this.resolver.resolve(request("2001:db8:1:2::1", null));
        String b = this.resolver.resolve(request("2001:db8:1:2:ffff::9", null));
        String c = this.resolver.resolve(request("2001:db8:1:3::1", null));

        assertThat(a).isEqualTo(b).isEqualTo("ipv6:2001:db8:1:2::/64");
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void addressWhenShownToTheUserThenWholeAddressFromTheSameSourceWithoutPrefix() {
        MockHttpServletRequest request = request("127.0.0.1", "198.51.100.1");
        request.setAttribute(Passport.class.getName(), passportFrom("2001:db8:1:2::1"));

        assertThat(this.resolver.address(request)).isEqualTo("2001:db8:1:2::1");
        assertThat(this.resolver.address(request("203.0.113.9", "198.51.100.7")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void literalWhenHostNameOrGarbageThenNullWithoutLookup() throws Exception {
        assertThat(ClientAddressResolver.literal("evil.example.com")).isNull();
        assertThat(ClientAddressResolver.literal("'; DROP TABLE x; --")).isNull();
        assertThat(ClientAddressResolver.literal("beef")).isNull();
        assertThat(ClientAddressResolver.literal("")).isNull();
        assertThat(ClientAddressResolver.literal("[::1]")).isEqualTo(java.net.InetAddress.getByName("::1"));
    }

    private static Passport passportFrom(String address) {
        return new Passport(null, null, Set.of(), null, null, Instant.now(), Instant.now(), "auth-service", address);
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
