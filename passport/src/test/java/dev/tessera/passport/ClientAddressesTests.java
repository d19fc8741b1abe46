package dev.tessera.passport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTests {

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.9", "2001:db8::1", "::1", "::ffff:192.0.2.1"})
    void isLiteralWhenIpLiteralThenTrue(String address) {
        assertThat(ClientAddresses.isLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "256.1.1.1",
                "1.2.3",
                "01.2.3.4",
                " 203.0.113.9",
                "[::1]",
                "fe80::1%eth0",
                "2001:db8::1::2",
                ""
            })
    void isLiteralWhenNameOrMalformedOrDecoratedThenFalse(String address) {
        assertThat(ClientAddresses.isLiteral(address)).isFalse();
    }

    @Test
    void parseWhenBracketsZoneOrSpaceThenTheAddressWithout() throws Exception {
        assertThat(ClientAddresses.parse(" [2001:db8::1] ")).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(ClientAddresses.parse("fe80::1%eth0")).contains(InetAddress.getByName("fe80::1"));
        assertThat(ClientAddresses.parse("198.51.100.7")).contains(InetAddress.getByName("198.51.100.7"));
    }

    @Test
    void parseWhenHostNameThenEmptyWithoutLookingItUp() {
        assertThat(ClientAddresses.parse("localhost")).isEmpty();
        assertThat(ClientAddresses.parse("a.b")).isEmpty();
        assertThat(ClientAddresses.parse(null)).isEmpty();
    }

    @Test
    void networkWhenIpv6ThenItsSlash64AndWhenIpv4ThenItself() throws Exception {
        assertThat(ClientAddresses.network(InetAddress.getByName("2001:db8:0:1:aaaa::1")))
                .isEqualTo(ClientAddresses.network(InetAddress.getByName("2001:db8:0:1:bbbb::2")))
                .isEqualTo("2001:db8:0:1::/64");
        assertThat(ClientAddresses.network(InetAddress.getByName("2001:db8:0:2::1")))
                .isEqualTo("2001:db8:0:2::/64");
        assertThat(ClientAddresses.network(InetAddress.getByName("203.0.113.9")))
                .isEqualTo("203.0.113.9");
        assertThat(ClientAddresses.network(InetAddress.getByName("::ffff:203.0.113.9")))
                .isEqualTo("203.0.113.9");
    }
}
