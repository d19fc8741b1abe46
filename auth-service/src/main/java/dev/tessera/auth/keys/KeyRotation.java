package dev.tessera.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tessera.auth.TokenProperties;
import dev.tessera.auth.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates signing keys without downtime and safely with several replicas. A key's life: created and
 * published in the JWKS, signs from {@code activates_at} (one lead time later), stops signing when
 * the next key activates, stays published until every token it signed has expired (access-token
 * lifetime plus clock skew), then is deleted. Every decision runs inside a transaction holding a
 * PostgreSQL advisory lock, so replicas never create two keys for one rotation. Scheduled key changes
 * are written to the audit log in the same transaction ({@code KEY_PUBLISHED}, {@code KEY_RETIRED});
 * emergency rotations are audited by the administrator's request, which knows who asked.
 */
@Service
public class KeyRotation implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    /** Advisory lock id for key rotation ("tessera-keys" in ASCII, truncated to 64 bits). */
    private static final long LOCK_ID = 0x7465737365726b65L;

    private final SigningKeyRepository repository;

    private final KeyEncryption encryption;

    private final KeyProperties properties;

    private final Duration retirementDelay;

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final AuditLog audit;

    KeyRotation(
            SigningKeyRepository repository,
            KeyEncryption encryption,
            KeyProperties properties,
            TokenProperties tokens,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock,
            AuditLog audit) {
        this.repository = repository;
        this.encryption = encryption;
        this.properties = properties;
        this.retirementDelay = tokens.lifetime().plus(properties.clockSkew());
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.audit = audit;
    }

    /** Makes sure a signing key exists before the web server takes requests. */
    @Override
    public void afterSingletonsInstantiated() {
        rotateIfDue();
    }

    /**
     * Creates the next key when the current one is due for rotation (one lead time ahead), deletes
     * retired keys, and bootstraps the first key. Idempotent; safe to call from every replica.
     */
    public void rotateIfDue() {
        this.transactions.executeWithoutResult(status -> {
            lock();
            Instant now = this.clock.instant();
            List<SigningKey> keys = deleteRetired(now);
            SigningKey active = null;
            boolean pending = false;
            for (SigningKey key : keys) {
                if (!key.activatesAt().isAfter(now)) {
                    active = key;
                } else {
                    pending = true;
                }
            }
            if (active == null && !pending) {
                // Nothing has ever been signed: the first key may sign at once.
                SigningKey first = this.repository.save(generate(now, now));
                auditPublished(first, "first key");
                log.info("Created the first signing key {} ({})", first.kid(), first.algorithm());
                return;
            }
            if (active == null || pending) {
                return;
            }
            Instant due = active.activatesAt().plus(this.properties.rotationInterval());
            boolean algorithmChanged = active.algorithm() != this.properties.algorithm();
            if (algorithmChanged || !now.isBefore(due.minus(this.properties.leadTime()))) {
                Instant activatesAt = algorithmChanged
                        ? now.plus(this.properties.leadTime())
                        : latest(due, now.plus(this.properties.leadTime()));
                SigningKey next = this.repository.save(generate(now, activatesAt));
                auditPublished(next, algorithmChanged ? "algorithm changed" : "scheduled");
                log.info(
                        "Published signing key {} ({}); it signs from {}",
                        next.kid(),
                        next.algorithm(),
                        next.activatesAt());
            }
        });
    }

    /**
     * Emergency rotation: a new key signs from now on. Older keys keep verifying until their tokens
     * expire, unless {@code discardPrevious} is set (suspected compromise), in which case they are
     * deleted at once and every token they signed stops verifying once verifiers refresh their JWKS.
     *
     * @return the new key's {@code kid}
     */
    public String rotateNow(boolean discardPrevious) {
        return this.transactions.execute(status -> {
            lock();
            Instant now = this.clock.instant();
            if (discardPrevious) {
                this.repository.deleteAllInBatch();
            } else {
                // A key scheduled for later would take over from the emergency key: drop it.
                this.repository.findAllByOrderByActivatesAtAsc().stream()
                        .filter(key -> key.activatesAt().isAfter(now))
                        .forEach(this.repository::delete);
            }
            SigningKey key = this.repository.save(generate(now, now));
            log.warn(
                    "Signing key rotated now: {} signs from {} (previous keys discarded: {})",
                    key.kid(),
                    now,
                    discardPrevious);
            return key.kid();
        });
    }

    /**
     * The published keys' status, newest first: the latest key whose time has come signs ({@code active}), later
     * ones wait ({@code next}), earlier ones only verify ({@code retired}) until they are deleted.
     */
    public List<KeyView> status() {
        Instant now = this.clock.instant();
        List<SigningKey> published = publishedKeys(now);
        SigningKey active = null;
        for (SigningKey key : published) {
            if (!key.activatesAt().isAfter(now)) {
                active = key;
            }
        }
        List<KeyView> views = new ArrayList<>();
        for (SigningKey key : published) {
            String status = key.activatesAt().isAfter(now) ? "next" : (key == active) ? "active" : "retired";
            views.add(new KeyView(key.kid(), key.algorithm().name(), status, key.createdAt(), key.activatesAt()));
        }
        Collections.reverse(views);
        return views;
    }

    /** Keys still published at {@code now}, oldest first; retired keys are left out. */
    List<SigningKey> publishedKeys(Instant now) {
        List<SigningKey> keys = this.repository.findAllByOrderByActivatesAtAsc();
        List<SigningKey> published = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!isRetired(keys, i, now)) {
                published.add(keys.get(i));
            }
        }
        return published;
    }

    private List<SigningKey> deleteRetired(Instant now) {
        List<SigningKey> keys = this.repository.findAllByOrderByActivatesAtAsc();
        List<SigningKey> kept = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (isRetired(keys, i, now)) {
                this.repository.delete(keys.get(i));
                this.audit.record(
                        AuditLog.Type.KEY_RETIRED,
                        null,
                        null,
                        null,
                        "kid " + keys.get(i).kid());
                log.info("Retired signing key {}", keys.get(i).kid());
            } else {
                kept.add(keys.get(i));
            }
        }
        return kept;
    }

    /** A key is retired once its successor has signed for longer than a token lives (plus skew). */
    private boolean isRetired(List<SigningKey> keysByActivation, int index, Instant now) {
        if (index + 1 >= keysByActivation.size()) {
            return false;
        }
        Instant supersededAt = keysByActivation.get(index + 1).activatesAt();
        return !supersededAt.plus(this.retirementDelay).isAfter(now);
    }

    private void auditPublished(SigningKey key, String why) {
        this.audit.record(
                AuditLog.Type.KEY_PUBLISHED,
                null,
                null,
                null,
                "kid " + key.kid() + " (" + key.algorithm() + ", " + why + "), signs from " + key.activatesAt());
    }

    private SigningKey generate(Instant now, Instant activatesAt) {
        JWK jwk;
        try {
            jwk = switch (this.properties.algorithm()) {
                case RS256 ->
                    new RSAKeyGenerator(this.properties.rsaKeySize())
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(SigningAlgorithm.RS256.jws())
                            .keyIDFromThumbprint(true)
                            .generate();
                case ES256 ->
                    new ECKeyGenerator(Curve.P_256)
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(SigningAlgorithm.ES256.jws())
                            .keyIDFromThumbprint(true)
                            .generate();
            };
        } catch (JOSEException ex) {
            throw new IllegalStateException("Could not generate a signing key", ex);
        }
        byte[] sealed = this.encryption.seal(
                jwk.toJSONString().getBytes(StandardCharsets.UTF_8), SigningKey.sealContext(jwk.getKeyID()));
        return new SigningKey(
                jwk.getKeyID(),
                this.properties.algorithm(),
                jwk.toPublicJWK().toJSONString(),
                sealed,
                now,
                activatesAt);
    }

    private void lock() {
        this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_ID).query().singleRow();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
