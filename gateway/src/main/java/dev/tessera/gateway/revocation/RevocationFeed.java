package dev.tessera.gateway.revocation;

import dev.tessera.gateway.feed.InternalFeed;
import dev.tessera.gateway.passport.PassportSigners;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls auth-service's revocation feed ({@code GET /internal/revocations?since=<cursor>}, docs/contracts.md
 * "Internal calls") and merges every page into the {@link RevocationList}. A gateway starts without a cursor, so the
 * feed replays every revocation still within its window: a restarted gateway refuses what it refused before. When
 * the feed fails, the last state stays in use (entries still expire on time), polls back off up to {@code
 * max-backoff}, and the staleness (time since the last successful poll) is published ({@link InternalFeed}).
 */
final class RevocationFeed extends InternalFeed {

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RevocationList list;

    private volatile String cursor = "";

    RevocationFeed(
            RevocationList list, URI uri, PassportSigners signers, RevocationProperties properties, Clock clock) {
        super(
                "revocation-feed",
                uri,
                signers,
                new Schedule(properties.pollInterval(), properties.maxBackoff(), properties.timeout()),
                clock);
        this.list = list;
    }

    /** One page; {@code true} when more follow at once. */
    @Override
    protected boolean poll() throws Exception {
        URI page = URI.create(uri() + "?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http().send(request(page).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BODY_BYTES) {
            throw new IllegalStateException("feed page too large");
        }
        JsonNode body = JSON.readTree(response.body());
        for (JsonNode user : body.path("users")) {
            list.revokeUser(
                    user.required("sub").asString(),
                    user.required("not_before").asLong(),
                    user.required("expires_at").asLong());
        }
        for (JsonNode session : body.path("sessions")) {
            list.revokeSession(
                    session.required("sid").asString(),
                    session.required("expires_at").asLong());
        }
        String next = body.required("next").asString();
        Instant now = clock().instant();
        list.evictExpired(now);
        cursor = next;
        succeeded();
        return body.path("more").asBoolean(false);
    }

    @Override
    protected String whileFailing() {
        return "keeping the last state, " + staleness().toSeconds() + " s stale";
    }
}
