package dev.tessera.notify.notification;

import dev.tessera.boot.ServiceCaller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reply events from forum-service, sent with forum-service's own machine token (scope {@value #SCOPE}), never a
 * user's: the gateway does not route {@code /internal/**}, and the starter accepts only a machine token there.
 * Idempotent: a repeated event (forum-service retries until it hears an answer) is answered the same and stores
 * nothing new.
 */
@RestController
class ReplyEventController {

    static final String SCOPE = "notifications:write";

    private final Notifications notifications;

    ReplyEventController(Notifications notifications) {
        this.notifications = notifications;
    }

    @PostMapping(path = "/internal/reply-events", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> replied(ServiceCaller caller, @RequestBody ReplyEvent event) {
        caller.requireScope(SCOPE);
        event.validate();
        return notifications
                .record(event)
                .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).build());
    }
}
