package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tessera.e2e.Api.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README, "Recover your account" (issue 17), through the gateway as a user would: give the account an e-mail
 * address, open the link auth-service mails, forget the password, reset it with the mailed link. Without an SMTP
 * host auth-service writes each message as an {@code .eml} file ({@link SharedSystem#MAIL_DIRECTORY}); the test
 * reads the link from there, as a person would from their mailbox. A reset ends every session: the old refresh
 * token is refused at once and the old access token at the gateway within the revocation bound.
 */
@Order(14)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountRecoveryIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    private static final String NEW_PASSWORD = "another quite long passphrase";

    /** The revocation feed's poll interval (2 s) + 1 s, as in {@link RevocationIntegrationTests}. */
    private static final Duration BOUND = Duration.ofSeconds(3);

    /** The token of a link {@code …/#/<page>?token=<token>} in a message's text. */
    private static final String LINK = "/#/%s\\?token=([A-Za-z0-9_-]+)";

    private Api gateway;

    @BeforeAll
    void useSystem() {
        TesseraSystem system = SharedSystem.get();
        this.gateway = new Api(system.gatewayUri());
        // The revocation bound below holds in normal operation; an earlier class may have stopped auth-service
        // (BrowserIntegrationTests does, last, and runs just before this one when both are picked with -Dtest).
        RevocationIntegrationTests.awaitFreshFeed(system);
    }

    @Test
    void userWhenAddressVerifiedAndPasswordForgottenThenTheMailedLinkResetsItOnceAndEndsEverySession() {
        String username = unique("recover");
        String address = username + "@example.com";
        var tokens = this.gateway.registerAndLogin(username, PASSWORD);
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();

        Response set = this.gateway.send(
                "PUT", "/api/auth/me/email", Map.of("email", address), "Authorization", "Bearer " + access);
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
        String verification = linkToken(address, "verify-email");
        Response verified = this.gateway.post("/api/auth/email/verify", Map.of("token", verification));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(204);
        assertThat(this.gateway
                        .post("/api/auth/email/verify", Map.of("token", verification))
                        .status())
                .as("a verification link works once")
                .isEqualTo(400);

        // The same answer for the account's address and for one nobody has.
        Response forgot = this.gateway.post("/api/auth/password/forgot", Map.of("email", address));
        Response unknown =
                this.gateway.post("/api/auth/password/forgot", Map.of("email", unique("nobody") + "@example.com"));
        assertThat(forgot.status()).as(forgot.toString()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(forgot.status());
        assertThat(unknown.body()).isEqualTo(forgot.body());

        String reset = linkToken(address, "reset-password");
        Response done =
                this.gateway.post("/api/auth/password/reset", Map.of("token", reset, "new_password", NEW_PASSWORD));
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        assertThat(this.gateway
                        .post("/api/auth/password/reset", Map.of("token", reset, "new_password", PASSWORD))
                        .status())
                .as("a reset link works once")
                .isEqualTo(400);
        assertThat(this.gateway
                        .post("/api/auth/refresh", Map.of("refresh_token", refresh))
                        .status())
                .as("the refresh token of the session before the reset")
                .isEqualTo(401);
        assertThat(refusedWithinBound(access))
                .as("the access token before the reset")
                .isTrue();
        assertThat(this.gateway
                        .post("/api/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(this.gateway
                        .login(username, NEW_PASSWORD)
                        .get("access_token")
                        .asString())
                .isNotEqualTo(access);
    }

    /** A forum write with an empty body: 400 from the forum while the gateway accepts the token, 401 after. */
    private boolean refusedWithinBound(String accessToken) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        do {
            if (this.gateway
                            .post("/api/forum/threads", "{}", "Authorization", "Bearer " + accessToken)
                            .status()
                    == 401) {
                return true;
            }
            TesseraSystem.sleep(Duration.ofMillis(100));
        } while (System.nanoTime() < deadline);
        return false;
    }

    /**
     * Waits for the message to {@code address} with a link to {@code page} (sent after the answer) and reads its
     * token; {@link BrowserIntegrationTests} opens the same links in a browser.
     */
    static String linkToken(String address, String page) {
        Pattern link = Pattern.compile(String.format(LINK, page));
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> messagesTo(address).stream()
                                .map(link::matcher)
                                .filter(Matcher::find)
                                .map(matcher -> matcher.group(1))
                                .reduce((first, second) -> second),
                        Optional::isPresent)
                .orElseThrow();
    }

    /**
     * A message with its body readable: quoted-printable soft line breaks undone, or a base64 body (the Chinese
     * messages: JavaMail picks base64 for mostly non-ASCII text) decoded.
     */
    private static String decoded(String message) {
        int blank = message.indexOf("\r\n\r\n") >= 0 ? message.indexOf("\r\n\r\n") : message.indexOf("\n\n");
        if (blank < 0) {
            return message;
        }
        String headers = message.substring(0, blank);
        String body = message.substring(blank).strip();
        if (headers.toLowerCase(java.util.Locale.ROOT).contains("content-transfer-encoding: base64")) {
            return headers + "\n\n"
                    + new String(
                            java.util.Base64.getMimeDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8);
        }
        return (headers + "\n\n" + body).replaceAll("=\r?\n", "").replace("=3D", "=");
    }

    /** The messages to one address, oldest first, with their bodies decoded. */
    private static List<String> messagesTo(String address) {
        if (!Files.isDirectory(SharedSystem.MAIL_DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(SharedSystem.MAIL_DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .sorted()
                    .map(AccountRecoveryIntegrationTests::read)
                    .map(AccountRecoveryIntegrationTests::decoded)
                    .filter(text -> text.contains("To: " + address))
                    .toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
