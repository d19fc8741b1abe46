package dev.tessera.auth.me;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.refresh.LiveSession;
import dev.tessera.auth.refresh.RefreshTokenService;
import dev.tessera.auth.throttle.ClientAddressResolver;
import dev.tessera.auth.token.TokenFormat;
import dev.tessera.auth.web.ProblemException;
import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own sessions (issue 17, "my sessions"): every live login of either scheme, and signing one or all of
 * them out. A session is a refresh family; its id is the {@code sid} of its access tokens. Only the caller's own
 * sessions are ever listed or ended: an id of another account's session is the same 404 as an unknown one.
 */
@RestController
class SessionController {

    private final RefreshTokenService refreshTokens;

    private final ClientAddressResolver clientAddresses;

    SessionController(RefreshTokenService refreshTokens, ClientAddressResolver clientAddresses) {
        this.refreshTokens = refreshTokens;
        this.clientAddresses = clientAddresses;
    }

    @GetMapping(path = "/auth/me/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Sessions> sessions(@RequireCaller Passport caller) {
        List<SessionView> sessions = this.refreshTokens.liveSessions(CallerIds.of(caller)).stream()
                .map(session -> SessionView.of(session, caller.sessionId()))
                .toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Sessions(sessions));
    }

    /** Signs one session out, the caller's current one included; it goes through the revocation feed as a logout. */
    @DeleteMapping("/auth/me/sessions/{id}")
    ResponseEntity<Void> signOut(@RequireCaller Passport caller, @PathVariable String id, HttpServletRequest http) {
        UUID account = CallerIds.of(caller);
        UUID sid = parse(id);
        if (!this.refreshTokens.endSessionOf(account, sid, this.clientAddresses.resolve(http))) {
            throw new SessionNotFoundException();
        }
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /** Signs every session of the caller out, the current one included (as {@code POST /auth/logout-all}). */
    @DeleteMapping("/auth/me/sessions")
    ResponseEntity<Void> signOutEverywhere(@RequireCaller Passport caller, HttpServletRequest http) {
        this.refreshTokens.endAllSessionsOf(CallerIds.of(caller), this.clientAddresses.resolve(http));
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    /** Anything but a UUID names no session: 404 like an unknown one, not 400. */
    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw new SessionNotFoundException();
        }
    }

    record Sessions(List<SessionView> sessions) {}

    record SessionView(
            UUID id,
            String scheme,
            String device,
            @JsonProperty("user_agent") String userAgent,
            String address,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_used_at") Instant lastUsedAt,
            boolean current) {

        static SessionView of(LiveSession session, String callerSid) {
            return new SessionView(
                    session.id(),
                    (session.format() == TokenFormat.OPAQUE) ? "opaque" : "jwt",
                    DeviceNames.of(session.userAgent()),
                    session.userAgent(),
                    session.address(),
                    session.createdAt(),
                    session.lastUsedAt(),
                    session.id().toString().equals(callerSid));
        }
    }

    /** No live session of the caller has this id (unknown, ended, or another account's: never said which). */
    static final class SessionNotFoundException extends ProblemException {

        SessionNotFoundException() {
            super(
                    HttpStatus.NOT_FOUND,
                    "session-not-found",
                    "Session not found",
                    "You have no live session with this id.");
        }
    }
}
