package dev.tessera.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "api",
                "/a;b",
                "/a/b;c=d/e",
                "/%41",
                "/%7a",
                "/%30",
                "/%2D",
                "/%2e",
                "/%5F",
                "/%7E",
                "/%2F",
                "/%5c",
                "/\\",
                "/a//b",
                "//",
                "/.",
                "/..",
                "/a/./b",
                "/a/../b",
                "/a/..",
                "/%00",
                "/%1f",
                "/%7F",
                "/a\u0000",
                "/a\t",
                "/a b",
                "/caf\u00e9",
                "/%",
                "/%4",
                "/%g0"
            })
    void isCanonicalWhenAnotherSpellingCouldMeanTheSameOrSomethingElseThenFalse(String rawPath) {
        assertThat(CanonicalPath.isCanonical(rawPath)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/api/auth/login",
                "/api/forum/threads/42",
                "/a.b/c-d/e_f/~g",
                "/.well-known/jwks.json",
                "/a/...",
                "/a%20b",
                "/caf%C3%A9",
                "/a%3Bb",
                "/a%25",
                "/a/",
                "/a:b@c!$&'()*+,="
            })
    void isCanonicalWhenTheOneSpellingThenTrue(String rawPath) {
        assertThat(CanonicalPath.isCanonical(rawPath)).isTrue();
    }
}
