package dev.tessera.auth.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

    /** How many messages may wait for the SMTP server; beyond that a message is dropped (and logged). */
    private static final int QUEUE_CAPACITY = 500;

    @Bean
    Mailer mailer(ObjectProvider<JavaMailSender> smtp, MailProperties properties, Clock clock) {
        ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
        texts.setBasename("mail/messages");
        texts.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // English is the bundle without a suffix: never the JVM's default locale.
        texts.setFallbackToSystemLocale(false);
        return new Mailer(smtp, texts, properties, mailExecutor(), clock);
    }

    /** One sender thread: mail is rare here, and one SMTP connection at a time is polite to the relay. */
    private static ThreadPoolTaskExecutor mailExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(QUEUE_CAPACITY);
        executor.setThreadNamePrefix("mail-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.initialize();
        return executor;
    }
}
