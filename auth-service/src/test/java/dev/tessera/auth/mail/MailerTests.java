package dev.tessera.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;

/** The mailer without an SMTP host (the .eml fallback), its languages and its links. */
@ExtendWith(OutputCaptureExtension.class)
class MailerTests {

    private static final String TOKEN = "Qm9ndXMtdG9rZW4tZm9yLXRoZS1lbWwtdGVzdC1vbmx5";

    @TempDir
    Path directory;

    @Test
    void sendWhenNoSmtpHostThenEmlFileWrittenAndItsPathLoggedWithoutTheToken(CapturedOutput output) throws Exception {
        Mailer mailer = mailer(this.directory.resolve("mail"));

        mailer.send(
                "someone@example.org",
                Locale.ENGLISH,
                "reset-password",
                "alice",
                mailer.lifetime(Duration.ofMinutes(30), Locale.ENGLISH),
                mailer.link("reset-password", TOKEN));
        mailer.destroy();

        List<Path> files = await().atMost(Duration.ofSeconds(10)).until(this::emlFiles, list -> list.size() == 1);
        MimeMessage message;
        try (InputStream in = Files.newInputStream(files.get(0))) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(message.getSubject()).isEqualTo("Reset your Tessera password");
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("someone@example.org");
        assertThat((String) message.getContent())
                .contains("Hello alice")
                .contains("within 30 minutes")
                .contains("https://tessera.example/#/reset-password?token=" + TOKEN);
        assertThat(output.getAll()).contains("message written to " + files.get(0));
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain("someone@example.org");
    }

    @Test
    void sendWhenChineseThenChineseTextInUtf8() throws Exception {
        Mailer mailer = mailer(this.directory);

        mailer.send("li@example.org", Locale.CHINESE, "email-changed", "li");
        mailer.destroy();

        List<Path> files = await().atMost(Duration.ofSeconds(10)).until(this::emlFiles, list -> list.size() == 1);
        MimeMessage message;
        try (InputStream in = Files.newInputStream(files.get(0))) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(message.getSubject()).isEqualTo("你的 Tessera 账户的电子邮件地址已更改");
        assertThat((String) message.getContent()).startsWith("li，你好");
        assertThat(message.getContentType()).containsIgnoringCase(StandardCharsets.UTF_8.name());
    }

    @Test
    void languageWhenAcceptLanguageGivenThenEnglishOrChineseAndEnglishByDefault() {
        assertThat(Mailer.language(null)).isEqualTo(Locale.ENGLISH);
        assertThat(Mailer.language("")).isEqualTo(Locale.ENGLISH);
        assertThat(Mailer.language("fr-FR,fr;q=0.9")).isEqualTo(Locale.ENGLISH);
        assertThat(Mailer.language("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(Locale.CHINESE);
        assertThat(Mailer.language("en-US,zh;q=0.5")).isEqualTo(Locale.ENGLISH);
        assertThat(Mailer.language(";;;q=x")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void lifetimeWhenWholeHoursThenHoursElseMinutes() {
        Mailer mailer = mailer(this.directory);

        assertThat(mailer.lifetime(Duration.ofHours(24), Locale.ENGLISH)).isEqualTo("24 hours");
        assertThat(mailer.lifetime(Duration.ofHours(1), Locale.ENGLISH)).isEqualTo("1 hour");
        assertThat(mailer.lifetime(Duration.ofMinutes(90), Locale.ENGLISH)).isEqualTo("90 minutes");
        assertThat(mailer.lifetime(Duration.ofMinutes(30), Locale.CHINESE)).isEqualTo("30 分钟");
        mailer.destroy();
    }

    private List<Path> emlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(this.directory)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }

    private static Mailer mailer(Path directory) {
        MailProperties properties = new MailProperties(
                URI.create("https://tessera.example/"), "Tessera <no-reply@tessera.example>", directory);
        StaticListableBeanFactory noSmtp = new StaticListableBeanFactory();
        return new MailConfiguration()
                .mailer(noSmtp.getBeanProvider(JavaMailSender.class), properties, Clock.systemUTC());
    }
}
