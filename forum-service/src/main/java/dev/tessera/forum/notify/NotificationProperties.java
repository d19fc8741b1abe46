package dev.tessera.forum.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Telling notification-service about replies ({@code tessera.forum.notifications.*}). Switched on by {@code
 * client-secret}: forum-service's own client at auth-service (client credentials); without it no event is written.
 *
 * @param uri notification-service's internal base URI ({@code TESSERA_FORUM_NOTIFICATIONS_URI})
 * @param tokenUri auth-service's token endpoint, internal address ({@code TESSERA_FORUM_NOTIFICATIONS_TOKEN_URI})
 * @param clientId forum-service's client id at auth-service
 * @param clientSecret its secret ({@code TESSERA_FORUM_NOTIFICATIONS_CLIENT_SECRET}); no default
 * @param audience the audience of the machine token (notification-service's name)
 * @param scope the scope asked for
 * @param pollInterval how often the relay looks for events to deliver
 * @param batchSize events claimed per round
 * @param timeout connect and read timeout of each call
 * @param maxBackoff the longest wait between two attempts at one event (doubling from 1 s)
 * @param maxAge how long an undeliverable event is kept before it is dropped (logged and counted)
 */
@Validated
@ConfigurationProperties("tessera.forum.notifications")
public record NotificationProperties(
        @DefaultValue("http://localhost:8083") @NotNull URI uri,

        @DefaultValue("http://localhost:8081/auth/oauth2/token") @NotNull
        URI tokenUri,

        @DefaultValue("forum-service") @NotBlank String clientId,
        @Nullable String clientSecret,
        @DefaultValue("notification-service") @NotBlank String audience,
        @DefaultValue("notifications:write") @NotBlank String scope,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("20") @Min(1) @Max(500) int batchSize,
        @DefaultValue("2s") @NotNull Duration timeout,
        @DefaultValue("5m") @NotNull Duration maxBackoff,
        @DefaultValue("24h") @NotNull Duration maxAge) {

    /** Whether replies are reported at all. */
    boolean enabled() {
        return clientSecret != null && !clientSecret.isBlank();
    }
}
