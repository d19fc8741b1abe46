package dev.tessera.notify.notification;

import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A signed-in user's own notifications (through the gateway: {@code /api/notifications/**}). */
@RestController
@RequestMapping("/notifications")
@RequireCaller
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    Mono<NotificationView.Page> list(
            Passport caller,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) String before) {
        return notifications.page(recipient(caller), before, limit);
    }

    @GetMapping("/unread-count")
    Mono<NotificationView.Unread> unread(Passport caller) {
        return notifications.unread(recipient(caller)).map(NotificationView.Unread::new);
    }

    @PostMapping("/{id}/read")
    Mono<ResponseEntity<Void>> markRead(Passport caller, @PathVariable UUID id) {
        return notifications
                .markRead(recipient(caller), id)
                .thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/read-all")
    Mono<ResponseEntity<Void>> markAllRead(Passport caller) {
        return notifications
                .markAllRead(recipient(caller))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** User ids are UUIDs (auth-service's); a passport naming anything else has no notifications here. */
    private static UUID recipient(Passport caller) {
        try {
            return UUID.fromString(caller.userId());
        } catch (IllegalArgumentException ex) {
            throw new NotificationNotFoundException();
        }
    }
}
