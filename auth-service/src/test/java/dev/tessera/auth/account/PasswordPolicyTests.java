package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The policy on its own (no Spring): what the estimator refuses, and what a check costs. */
class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy(new PasswordProperties(15, 8, 3));

    @Test
    void checkWhenCommonPasswordLengthenedWithPatternsThenRefused() {
        for (String password : new String[] {
            "Summer2024!Summer2024!",
            "iloveyou123iloveyou123",
            "P@ssw0rd12345678",
            "1qaz2wsx3edc4rfv",
            "letmeinletmein12"
        }) {
            assertThat(refusal(password).detail()).as(password).startsWith("password: is too easy to guess");
        }
    }

    @Test
    void checkWhenServiceNameOrUsernameMakeUpThePasswordThenRefused() {
        assertThat(refusal("tesseratesseratessera").detail()).startsWith("password: is too easy to guess");
        assertThatThrownBy(() -> this.policy.check("margaretmargaret2024", new Username("margaret")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void checkWhenStrongFirstSixtyFourCharactersThenTheRestIsNotEstimated() {
        String strong = "correct horse battery staple, then a quokka ate my blue umbrella";
        assertThat(strong.codePointCount(0, strong.length())).isEqualTo(64);

        assertThat(this.policy.check(strong + "a".repeat(64), new Username("someone")))
                .hasSize(128);
        assertThatThrownBy(() -> this.policy.check("a".repeat(64) + strong, new Username("someone")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void checkWhenSecondFactorThenEightCharactersSuffice() {
        String password = "Kq7#vZp2xW";

        assertThat(this.policy.check(password, new Username("someone"), null, true))
                .isEqualTo(password);
        assertThat(refusal(() -> this.policy.check(password, new Username("someone"), null, false))
                        .detail())
                .isEqualTo("password: must be at least 15 characters");
        assertThat(refusal(() -> this.policy.check("Kq7#vZp", new Username("someone"), null, true))
                        .detail())
                .isEqualTo("password: must be at least 8 characters");
        assertThat(this.policy.longEnoughAlone(password)).isFalse();
        assertThat(this.policy.longEnoughAlone("Kq7#vZp2xW Kq7#vZ")).isTrue();
    }

    @Test
    void propertiesWhenSecondFactorMinimumAboveSingleFactorOneThenRefused() {
        assertThatThrownBy(() -> new PasswordProperties(12, 13, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-length-with-second-factor");
    }

    @Test
    void checkWhenTimedThenCostPerCallIsReported() {
        // A figure for the README, not an assertion on time: the machine is shared and noisy.
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        for (int length : new int[] {15, 32, 64, 128}) {
            String[] passwords = new String[20];
            for (int i = 0; i < passwords.length; i++) {
                StringBuilder password = new StringBuilder();
                for (int j = 0; j < length; j++) {
                    password.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                passwords[i] = password.toString();
            }
            for (int warm = 0; warm < 10; warm++) {
                for (String password : passwords) {
                    this.policy.check(password, new Username("someone"));
                }
            }
            long started = System.nanoTime();
            int rounds = 5;
            for (int round = 0; round < rounds; round++) {
                for (String password : passwords) {
                    assertThat(this.policy.check(password, new Username("someone")))
                            .isEqualTo(password);
                }
            }
            double millis = (System.nanoTime() - started) / 1e6 / (rounds * passwords.length);
            System.out.printf("password policy check, %d random characters: %.2f ms per call%n", length, millis);
        }
    }

    private InvalidInputException refusal(String password) {
        return refusal(() -> this.policy.check(password, new Username("someone")));
    }

    private static InvalidInputException refusal(Runnable check) {
        try {
            check.run();
            throw new AssertionError("accepted");
        } catch (InvalidInputException ex) {
            return ex;
        }
    }
}
