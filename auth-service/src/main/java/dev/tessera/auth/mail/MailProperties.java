package dev.tessera.auth.mail;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing mail ({@code tessera.auth.mail}). The SMTP server itself is Spring Boot's {@code spring.mail.*}
 * (host, port, username, password, {@code properties.mail.smtp.starttls.enable}); without {@code
 * spring.mail.host} every message is written to {@code directory} as an {@code .eml} file instead.
 *
 * @param linkBase where the web pages live that links point at ({@code <link-base>/#/verify-email?token=…}); the
 *     gateway's public origin (default {@code http://localhost:8080})
 * @param from the sender (default {@code Tessera <no-reply@localhost>})
 * @param directory where messages go when no SMTP host is configured (default {@code .tessera-local/mail},
 *     relative to the working directory)
 */
@Validated
@ConfigurationProperties("tessera.auth.mail")
record MailProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI linkBase,

        @NotBlank @DefaultValue("Tessera <no-reply@localhost>")
        String from,

        @NotNull @DefaultValue(".tessera-local/mail") Path directory) {}
