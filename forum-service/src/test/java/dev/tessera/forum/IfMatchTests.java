package dev.tessera.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class IfMatchTests {

    @Test
    void parseWhenMissingBlankOrStarThenPreconditionRequired() {
        for (String header : new String[] {null, "", "  ", "*", " * "}) {
            assertThatThrownBy(() -> IfMatch.parse(header))
                    .isInstanceOfSatisfying(
                            VersionConflictException.class,
                            ex -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
        }
    }

    @Test
    void requireWhenStrongTagNamesCurrentVersionThenPasses() {
        assertThatCode(() -> IfMatch.parse("\"3\"").require(3)).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.parse("\"1\", \"3\"").require(3)).doesNotThrowAnyException();
        assertThat(IfMatch.etag(3)).isEqualTo("\"3\"");
    }

    @Test
    void requireWhenStaleWeakOrGarbageThenPreconditionFailed() {
        for (String header :
                new String[] {"\"2\"", "W/\"3\"", "3", "\"three\"", "\"-3\"", "\"99999999999999999999\""}) {
            assertThatThrownBy(() -> IfMatch.parse(header).require(3))
                    .as(header)
                    .isInstanceOfSatisfying(
                            VersionConflictException.class,
                            ex -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
        }
    }
}
