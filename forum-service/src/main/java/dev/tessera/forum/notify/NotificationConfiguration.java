package dev.tessera.forum.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The relay to notification-service, only when forum-service has a client secret ({@link NotificationProperties});
 * the outbox writes nothing otherwise. Outbound calls go through Boot's {@code RestClient.Builder}, so they get
 * metrics and trace propagation like every other call.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("tessera.forum.notifications.client-secret")
@EnableScheduling
class NotificationConfiguration {

    @Bean
    MachineToken machineToken(NotificationProperties properties, RestClient.Builder http) {
        // The token endpoint speaks form-encoded requests and RFC 6749 JSON answers: the converters Spring Security's
        // own default client uses, and its error handler (an OAuth 2.0 error body becomes an OAuth2 exception).
        RestClient tokens = http.clone()
                .requestFactory(requests(properties))
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        return new MachineToken(properties, tokens);
    }

    @Bean
    ReplyRelay replyRelay(
            ReplyOutbox outbox,
            MachineToken token,
            NotificationProperties properties,
            RestClient.Builder http,
            Clock clock,
            MeterRegistry meters) {
        RestClient notifications = http.clone()
                .requestFactory(requests(properties))
                .baseUrl(properties.uri().toString())
                .build();
        Gauge.builder("tessera.forum.notifications.waiting", outbox, ReplyOutbox::waiting)
                .description("Reply events not yet delivered to notification-service")
                .register(meters);
        return new ReplyRelay(outbox, token, notifications, properties, clock, meters);
    }

    private static ClientHttpRequestFactory requests(NotificationProperties properties) {
        HttpClientSettings settings =
                HttpClientSettings.defaults().withTimeouts(properties.timeout(), properties.timeout());
        return ClientHttpRequestFactoryBuilder.detect().build(settings);
    }
}
