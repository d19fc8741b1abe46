package dev.tessera.forum.post;

import dev.tessera.forum.ForumProperties;
import dev.tessera.forum.IfMatch;
import dev.tessera.forum.Listing;
import dev.tessera.forum.thread.ThreadView;
import dev.tessera.forum.thread.Title;
import dev.tessera.forum.user.Actor;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writing and reading posts.
 *
 * <p>{@code Location} headers are relative references (RFC 9110 §10.2.2, resolved against the
 * request URI), because the service does not know the prefix the gateway stripped: {@code
 * threads/{id}} from {@code POST /api/forum/threads} resolves to {@code /api/forum/threads/{id}},
 * and from {@code POST /threads} (direct) to {@code /threads/{id}}.
 */
@RestController
class PostController {

    private final Posts posts;

    private final ForumProperties properties;

    PostController(Posts posts, ForumProperties properties) {
        this.posts = posts;
        this.properties = properties;
    }

    @PostMapping(path = "/threads", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ThreadView> startThread(@RequireCaller Passport caller, @RequestBody StartThreadRequest request) {
        Title title = new Title(request.title());
        Body body = new Body(request.body());
        ThreadView thread = posts.startThread(title, body, Actor.of(caller));
        return ResponseEntity.created(URI.create("threads/" + thread.id()))
                .eTag(IfMatch.etag(thread.version()))
                .body(thread);
    }

    @PostMapping(path = "/threads/{threadId}/posts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PostView> reply(
            @RequireCaller Passport caller, @PathVariable UUID threadId, @RequestBody WritePostRequest request) {
        PostView post = posts.reply(threadId, new Body(request.body()), Actor.of(caller));
        return ResponseEntity.created(URI.create("../../posts/" + post.id()))
                .eTag(IfMatch.etag(post.version()))
                .body(post);
    }

    @GetMapping("/threads/{threadId}/posts")
    Listing<PostView> inThread(
            @PathVariable UUID threadId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return posts.inThread(threadId, cursor, properties.pageSize(size));
    }

    @GetMapping("/users/{userId}/posts")
    Listing<PostView> byAuthor(
            @PathVariable UUID userId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return posts.byAuthor(userId, cursor, properties.pageSize(size));
    }

    @GetMapping("/posts/{id}")
    ResponseEntity<PostView> get(@PathVariable UUID id) {
        return withETag(posts.find(id));
    }

    @PatchMapping(path = "/posts/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PostView> edit(
            @RequireCaller Passport caller,
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody WritePostRequest request) {
        Body body = new Body(request.body());
        return withETag(posts.edit(id, IfMatch.parse(ifMatch), body, Actor.of(caller)));
    }

    @DeleteMapping("/posts/{id}")
    ResponseEntity<Void> delete(
            @RequireCaller Passport caller,
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        posts.delete(id, IfMatch.parse(ifMatch), Actor.of(caller));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<PostView> withETag(PostView post) {
        return ResponseEntity.ok().eTag(IfMatch.etag(post.version())).body(post);
    }

    record StartThreadRequest(String title, String body) {}

    record WritePostRequest(String body) {}
}
