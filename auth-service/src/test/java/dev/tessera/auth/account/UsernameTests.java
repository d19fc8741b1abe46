package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernameTests {

    @Test
    void parseWhenCaseOrWidthDiffersThenSameCanonicalName() {
        assertThat(Username.parse("ADMIN")).isEqualTo(Username.parse("admin"));
        assertThat(Username.parse("ａｄｍｉｎ")).isEqualTo(Username.parse("admin"));
        assertThat(Username.parse("Ａｄｍｉｎ")).isEqualTo(Username.parse("admin"));
        assertThat(Username.parse("ﬁne.user")).isEqualTo(Username.parse("fine.user"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ab", "a b", "dotted.", "_lead", "tab\tname", "nul\u0000", "bidi\u202Ename", "kelvin\u212A"})
    void parseWhenInvalidThenRejectedWithReason(String raw) {
        if (raw.equals("kelvin\u212A")) {
            // The Kelvin sign folds to 'k' under NFKC: valid, and equal to the ASCII spelling.
            assertThat(Username.parse(raw)).isEqualTo(Username.parse("kelvink"));
            return;
        }
        assertThatThrownBy(() -> Username.parse(raw)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void throttleKeyWhenUnparseableThenStillCanonicalAndBounded() {
        assertThat(Username.throttleKey("No Such User!")).isEqualTo("no such user!");
        assertThat(Username.throttleKey("x".repeat(10_000))).hasSize(128);
        assertThat(Username.throttleKey("ＡＤＭＩＮ")).isEqualTo("admin");
    }
}
