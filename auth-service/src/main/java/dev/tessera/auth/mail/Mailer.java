package dev.tessera.auth.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends Tessera's plain-text messages, in English or Chinese: over SMTP when {@code spring.mail.host} is set,
 * otherwise into an {@code .eml} file (local development: open it in any mail program).
 *
 * <p>Sending happens on a thread of its own, after the caller returns: an SMTP round trip takes from milliseconds
 * to seconds, and a request that waited for it would tell by its timing whether a message went out (a "forgot
 * password" for a known address). The price: a message that cannot be sent is only logged. Messages carry
 * single-use links, so nothing here logs a message's text or its recipient.
 */
public class Mailer implements DisposableBean {

    /** The languages of the messages; the first is the default. */
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.CHINESE);

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    /** Set while the mail thread runs a queued task. */
    private static final ThreadLocal<Boolean> ON_MAIL_THREAD = new ThreadLocal<>();

    private final ObjectProvider<JavaMailSender> smtp;

    private final MessageSource texts;

    private final MailProperties properties;

    private final ThreadPoolTaskExecutor executor;

    private final Clock clock;

    Mailer(
            ObjectProvider<JavaMailSender> smtp,
            MessageSource texts,
            MailProperties properties,
            ThreadPoolTaskExecutor executor,
            Clock clock) {
        this.smtp = smtp;
        this.texts = texts;
        this.properties = properties;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Queues the message {@code template} ({@code <template>.subject} and {@code <template>.body} of {@code
     * mail/messages}) in {@code locale}, its body formatted with {@code arguments}.
     */
    public void send(String to, Locale locale, String template, Object... arguments) {
        String subject = this.texts.getMessage(template + ".subject", null, locale);
        String body = this.texts.getMessage(template + ".body", arguments, locale);
        if (ON_MAIL_THREAD.get() != null) {
            // Already after the answer (work queued with later): send now, in order.
            deliver(to, subject, body);
            return;
        }
        queue(() -> deliver(to, subject, body), template + " message");
    }

    /**
     * Runs {@code work} on the mail thread, after the caller has answered, in order with the messages queued before
     * and after it: the part of a request that ends in a message and must not show in the request's timing
     * (deciding whether a message goes out). Messages it sends go out at once, before anything queued later.
     */
    public void later(Runnable work) {
        queue(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException ex) {
                        log.error(
                                "Work before a message failed ({})",
                                ex.getClass().getName());
                    }
                },
                "task");
    }

    private void queue(Runnable task, String what) {
        try {
            this.executor.execute(() -> {
                ON_MAIL_THREAD.set(Boolean.TRUE);
                try {
                    task.run();
                } finally {
                    ON_MAIL_THREAD.remove();
                }
            });
        } catch (RejectedExecutionException ex) {
            log.warn("Mail queue full: a {} was dropped", what);
        }
    }

    /**
     * The language of the messages for an {@code Accept-Language} header (or a bare tag such as {@code zh-CN}):
     * English or Chinese, English when the header is absent, malformed or names neither.
     */
    public static Locale language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return LANGUAGES.get(0);
        }
        try {
            Locale found = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
            return (found != null) ? found : LANGUAGES.get(0);
        } catch (IllegalArgumentException ex) {
            return LANGUAGES.get(0);
        }
    }

    /** A link's lifetime as the message says it: whole hours, else minutes. */
    public String lifetime(Duration lifetime, Locale locale) {
        boolean hours = lifetime.toMinutes() % 60 == 0;
        return this.texts.getMessage(
                hours ? "duration.hours" : "duration.minutes",
                new Object[] {hours ? lifetime.toHours() : lifetime.toMinutes()},
                locale);
    }

    /** The web page's address for a link: {@code <link-base>/#/<page>?token=<token>}. */
    public String link(String page, String token) {
        String fragment = UriComponentsBuilder.fromPath("/" + page)
                .queryParam("token", token)
                .build()
                .toUriString();
        String base = this.properties.linkBase().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/#" + fragment;
    }

    /** Lets queued messages go out before the context closes (graceful shutdown). */
    @Override
    public void destroy() {
        this.executor.shutdown();
    }

    private void deliver(String to, String subject, String body) {
        JavaMailSender sender = this.smtp.getIfAvailable();
        try {
            MimeMessage message = (sender != null)
                    ? sender.createMimeMessage()
                    : new MimeMessage(Session.getInstance(new Properties()));
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(this.properties.from());
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(body, false);
            helper.setSentDate(Date.from(this.clock.instant()));
            if (sender != null) {
                sender.send(message);
            } else {
                write(message);
            }
        } catch (MessagingException | MailException | IOException ex) {
            // The exception's text may name the recipient; its class says enough to start looking.
            log.error("A message could not be sent ({})", ex.getClass().getName());
        }
    }

    private void write(MimeMessage message) throws IOException, MessagingException {
        Path directory = this.properties.directory().toAbsolutePath();
        Files.createDirectories(directory);
        String name = this.clock.instant().toEpochMilli() + "-" + UUID.randomUUID();
        Path partial = directory.resolve(name + ".part");
        Path file = directory.resolve(name + ".eml");
        try (OutputStream out = Files.newOutputStream(partial)) {
            message.writeTo(out);
        }
        // Whoever watches the directory sees only whole messages.
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        log.info("No SMTP host configured (spring.mail.host): message written to {}", file);
    }
}
