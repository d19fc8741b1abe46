package dev.tessera.auth;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real SMTP server in the test JVM (GreenMail on a free port), shared by every test context: {@link
 * AuthServiceTest} points {@code spring.mail.host} and {@code spring.mail.port} at it, so auth-service sends over
 * SMTP exactly as in production. Tests tell their messages apart by recipient (each uses addresses of its own).
 */
public final class TestMail {

    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]{43})");

    private static final GreenMail SERVER = start();

    private TestMail() {}

    private static GreenMail start() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        return server;
    }

    /** A fresh address on a domain nobody else uses. */
    public static String uniqueAddress(String prefix) {
        return Flows.uniqueName(prefix) + "@" + Flows.uniqueName("d") + ".example";
    }

    /** Every message received so far for {@code recipient} (compared case-insensitively). */
    public static List<MimeMessage> to(String recipient) {
        return Arrays.stream(SERVER.getReceivedMessages())
                .filter(message -> addressedTo(message, recipient))
                .toList();
    }

    /** Waits (up to 10 s) until {@code recipient} has {@code count} messages, and answers them. */
    public static List<MimeMessage> await(String recipient, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> to(recipient).size() >= count);
        return to(recipient);
    }

    /** The decoded text of a plain-text message. */
    public static String text(MimeMessage message) {
        try {
            return (String) message.getContent();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The token of the link in a message. */
    public static String token(MimeMessage message) {
        Matcher matcher = TOKEN.matcher(text(message));
        if (!matcher.find()) {
            throw new AssertionError("No link with a token in: " + text(message));
        }
        return matcher.group(1);
    }

    private static boolean addressedTo(MimeMessage message, String recipient) {
        try {
            Address[] to = message.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Points auth-service's SMTP settings at the shared server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "spring.mail.host=127.0.0.1",
                            "spring.mail.port=" + SERVER.getSmtp().getPort())
                    .applyTo(context);
        }
    }
}
