package dev.tessera.gateway.policy;

import dev.tessera.gateway.feed.InternalFeed;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.route.PolicyProperties;
import dev.tessera.gateway.route.RolePermissions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls auth-service's policy ({@code GET /internal/roles}, docs/contracts.md "Internal calls") with the last ETag in
 * {@code If-None-Match}, and puts every new version in force in {@link RolePermissions}. 304 costs auth-service one
 * query and the gateway nothing. When the policy cannot be fetched the last one stays in force (before the first,
 * permission rules deny) and polls back off ({@link InternalFeed}).
 */
final class PolicyFeed extends InternalFeed {

    private static final Logger logger = LoggerFactory.getLogger(PolicyFeed.class);

    /** auth-service bounds the document (256 roles of 64 permissions) well below this. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RolePermissions permissions;

    private volatile String etag;

    PolicyFeed(
            RolePermissions permissions, URI uri, PassportSigners signers, PolicyProperties properties, Clock clock) {
        super(
                "policy-feed",
                uri,
                signers,
                new Schedule(properties.pollInterval(), properties.maxBackoff(), properties.timeout()),
                clock);
        this.permissions = permissions;
    }

    /** One poll: a new policy is in force when it returns. */
    @Override
    protected boolean poll() throws Exception {
        HttpRequest.Builder request = request(uri());
        String known = etag;
        if (known != null) {
            request.header("If-None-Match", known);
        }
        HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 304 && known != null) {
            succeeded();
            return false;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BODY_BYTES) {
            throw new IllegalStateException("policy too large");
        }
        JsonNode document = JSON.readTree(response.body());
        String version = document.required("version").asString();
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> role : document.required("roles").properties()) {
            List<String> granted = new ArrayList<>();
            for (JsonNode permission : role.getValue()) {
                granted.add(permission.asString());
            }
            roles.put(role.getKey(), granted);
        }
        String previous = permissions.version();
        // The ETag first: once the new policy is visible, the next poll already asks about it.
        etag = response.headers().firstValue("ETag").orElse(null);
        permissions.replace(version, roles);
        if (!version.equals(previous)) {
            logger.info("Policy {} in force: {} roles", version, roles.size());
        }
        succeeded();
        return false;
    }

    @Override
    protected String whileFailing() {
        return (lastSuccess() == null)
                ? "no policy yet: permission rules deny"
                : "keeping policy " + permissions.version();
    }
}
