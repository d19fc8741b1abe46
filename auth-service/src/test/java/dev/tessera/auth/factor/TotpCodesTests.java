package dev.tessera.auth.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpCodesTests {

    /** RFC 6238 Appendix B: the SHA-1 seed, the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /**
     * RFC 6238 Appendix B, SHA-1 rows. The RFC prints eight digits; a six-digit code is the same truncated value
     * modulo 10^6, so its last six digits.
     */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void codeAtWhenRfc6238TestVectorThenSameSixDigits(long unixTime, String eightDigits) {
        Instant time = Instant.ofEpochSecond(unixTime);

        String code = TotpCodes.codeAt(RFC_SECRET, TotpCodes.stepAt(time));

        assertThat(code).isEqualTo(eightDigits.substring(2));
        assertThat(TotpCodes.match(RFC_SECRET, code, time, null)).hasValue(TotpCodes.stepAt(time));
    }

    @Test
    void matchWhenCodeOneStepAwayThenAcceptedAndTwoStepsAwayThenRefused() {
        Instant time = Instant.ofEpochSecond(1111111109L);
        long step = TotpCodes.stepAt(time);
        String code = TotpCodes.codeAt(RFC_SECRET, step);

        assertThat(TotpCodes.match(RFC_SECRET, code, time.plusSeconds(30), null))
                .hasValue(step);
        assertThat(TotpCodes.match(RFC_SECRET, code, time.minusSeconds(30), null))
                .hasValue(step);
        assertThat(TotpCodes.match(RFC_SECRET, code, time.plusSeconds(60), null))
                .isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, code, time.minusSeconds(60), null))
                .isEmpty();
    }

    @Test
    void matchWhenStepAlreadyUsedThenRefusedEvenWithinWindow() {
        Instant time = Instant.ofEpochSecond(1234567890L);
        long step = TotpCodes.stepAt(time);
        String code = TotpCodes.codeAt(RFC_SECRET, step);

        assertThat(TotpCodes.match(RFC_SECRET, code, time, step)).isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, code, time, step - 1)).hasValue(step);
        // An earlier step's code is refused once a later one was used: codes only move forward.
        String earlier = TotpCodes.codeAt(RFC_SECRET, step - 1);
        assertThat(TotpCodes.match(RFC_SECRET, earlier, time, step)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void matchWhenCodeMalformedThenRefused() {
        Instant time = Instant.ofEpochSecond(59);

        assertThat(TotpCodes.match(RFC_SECRET, null, time, null)).isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, "28708", time, null)).isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, "2870822", time, null)).isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, "28708a", time, null)).isEmpty();
        assertThat(TotpCodes.match(RFC_SECRET, "٢٨٧٠٨٢", time, null)).isEmpty();
    }

    @Test
    void base32WhenRfc4648VectorsThenEncodedAndDecoded() {
        // RFC 4648 section 10, without the padding.
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("fo".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXQ");
        assertThat(Base32.decode("mzxw6ytboi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode(Base32.encode(RFC_SECRET))).isEqualTo(RFC_SECRET);
    }

    @Test
    void recoveryCodesWhenGeneratedThenTenDistinctFormattedAndHashedAlikeHoweverTyped() {
        var codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allMatch(code -> code.matches("[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}"));
        String code = codes.get(0);
        assertThat(RecoveryCodes.hash(code.toUpperCase().replace("-", " ")))
                .get()
                .isEqualTo(RecoveryCodes.hash(code).orElseThrow());
        assertThat(RecoveryCodes.hash("not-a-code")).isEmpty();
    }

    @Test
    void otpauthUriWhenBuiltThenGoogleKeyUriFormat() {
        assertThat(SecondFactors.otpauthUri("alice", "JBSWY3DPEHPK3PXP"))
                .isEqualTo("otpauth://totp/Tessera:alice?secret=JBSWY3DPEHPK3PXP&issuer=Tessera"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
