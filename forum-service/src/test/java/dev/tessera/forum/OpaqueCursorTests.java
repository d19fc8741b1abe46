package dev.tessera.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpaqueCursorTests {

    @Test
    void decodeWhenEncodedByThisServiceThenSamePosition() {
        Instant time = Instant.parse("2026-11-25T04:05:06.123456Z");
        UUID id = UUID.randomUUID();

        assertThat(OpaqueCursor.decodeTimed(OpaqueCursor.at(time, id).encode())).isEqualTo(OpaqueCursor.at(time, id));
        assertThat(OpaqueCursor.decodePosition(OpaqueCursor.at(42).encode())).isEqualTo(OpaqueCursor.at(42));
        assertThat(OpaqueCursor.decodeTimed(null)).isNull();
    }

    @Test
    void decodeWhenForgedOrOfTheOtherKindThenInvalidInput() {
        String[] bad = {
            "",
            "%%%",
            "not base64!",
            encode("2|p|5"),
            encode("1|p|-5"),
            encode("1|p|x"),
            encode("1|t|1|2|not-a-uuid"),
            encode("1|t|1|2"),
            "A".repeat(500),
            OpaqueCursor.at(7).encode()
        };
        for (String cursor : bad) {
            assertThatThrownBy(() -> OpaqueCursor.decodeTimed(cursor))
                    .as(cursor)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> OpaqueCursor.decodePosition(
                        OpaqueCursor.at(Instant.now(), UUID.randomUUID()).encode()))
                .isInstanceOf(InvalidInputException.class);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
