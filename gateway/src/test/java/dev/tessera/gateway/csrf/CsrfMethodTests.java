package dev.tessera.gateway.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13, item 6: the CSRF proof is needed for every method but the three safe ones, compared exactly. */
class CsrfMethodTests {

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "post", "Post", "get", "options", "FOO", "PROPFIND", ""})
    void needsCsrfWhenNotExactlyGetHeadOrOptionsThenTrue(String method) {
        assertThat(CsrfGuard.needsCsrf(method)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void needsCsrfWhenSafeMethodThenFalse(String method) {
        assertThat(CsrfGuard.needsCsrf(method)).isFalse();
    }
}
