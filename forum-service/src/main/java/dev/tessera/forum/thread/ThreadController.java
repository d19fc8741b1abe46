package dev.tessera.forum.thread;

import dev.tessera.forum.ForumProperties;
import dev.tessera.forum.IfMatch;
import dev.tessera.forum.Listing;
import dev.tessera.forum.user.Actor;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading, retitling and deleting threads. Starting one is in the post package (its first post). */
@RestController
class ThreadController {

    private final Threads threads;

    private final ForumProperties properties;

    ThreadController(Threads threads, ForumProperties properties) {
        this.threads = threads;
        this.properties = properties;
    }

    @GetMapping("/threads")
    Listing<ThreadView> list(
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer size) {
        return threads.list(cursor, properties.pageSize(size));
    }

    @GetMapping("/threads/{id}")
    ResponseEntity<ThreadView> get(@PathVariable UUID id) {
        return withETag(threads.find(id));
    }

    @PatchMapping(path = "/threads/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ThreadView> retitle(
            @RequireCaller Passport caller,
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody RetitleRequest request) {
        Title title = new Title(request.title());
        return withETag(threads.retitle(id, IfMatch.parse(ifMatch), title, Actor.of(caller)));
    }

    @DeleteMapping("/threads/{id}")
    ResponseEntity<Void> delete(
            @RequireCaller Passport caller,
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        threads.delete(id, IfMatch.parse(ifMatch), Actor.of(caller));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ThreadView> withETag(ThreadView thread) {
        return ResponseEntity.ok().eTag(IfMatch.etag(thread.version())).body(thread);
    }

    record RetitleRequest(String title) {}
}
