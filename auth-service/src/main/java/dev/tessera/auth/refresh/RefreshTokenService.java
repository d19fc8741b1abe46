package dev.tessera.auth.refresh;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.account.AccountService;
import dev.tessera.auth.audit.AuditLog;
import dev.tessera.auth.keys.KeyEncryption;
import dev.tessera.auth.opaque.OpaqueSessions;
import dev.tessera.auth.revocation.Revocations;
import dev.tessera.auth.token.AccessTokenIssuer;
import dev.tessera.auth.token.IssuedAccessToken;
import dev.tessera.auth.token.SignIn;
import dev.tessera.auth.token.TokenFormat;
import dev.tessera.auth.token.TokenResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh-token families: one per login, rotated on every use (RFC 9700 section 4.14).
 *
 * <p>Concurrency: a presentation locks the token row and then its family row (always in that order),
 * so presentations of one token run one after the other. The first rotates; the others find the
 * token rotated within the grace window and get the same successor pair, which the first sealed
 * under the key-encryption key for that window only. A partial unique index (one unrotated token per
 * family) makes two live successors impossible even if this logic were wrong.
 *
 * <p>Reuse: a rotated token presented after the grace window (or after its successor moved on) means
 * two parties hold the family; the whole family is revoked and the event logged, without the token.
 */
@Service
public class RefreshTokenService {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenService.class);

    private final RefreshTokenRepository tokens;

    private final RefreshFamilyRepository families;

    private final AccountService accounts;

    private final AccessTokenIssuer accessTokens;

    private final OpaqueSessions opaqueSessions;

    private final KeyEncryption encryption;

    private final RefreshProperties properties;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final MeterRegistry meters;

    private final Revocations revocations;

    private final AuditLog audit;

    RefreshTokenService(
            RefreshTokenRepository tokens,
            RefreshFamilyRepository families,
            AccountService accounts,
            AccessTokenIssuer accessTokens,
            OpaqueSessions opaqueSessions,
            KeyEncryption encryption,
            RefreshProperties properties,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters,
            Revocations revocations,
            AuditLog audit) {
        this.tokens = tokens;
        this.families = families;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.opaqueSessions = opaqueSessions;
        this.encryption = encryption;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.revocations = revocations;
        this.audit = audit;
    }

    /** Starts a new family for a successful login and returns its first token pair (a JWT access token). */
    public TokenResponse startFamily(AccountIdentity account) {
        return startFamily(account, TokenFormat.JWT);
    }

    /**
     * Starts a new family for a successful login and returns its first token pair; the access token has
     * the given format, and so will every one its refreshes hand out.
     */
    public TokenResponse startFamily(AccountIdentity account, TokenFormat format) {
        return startFamily(account, format, List.of(SignIn.PASSWORD));
    }

    /**
     * Starts a new family for a successful login that authenticated with the given methods (RFC 8176 {@code amr}
     * values); its access tokens, and every one its refreshes hand out, carry them with the time of this login.
     */
    public TokenResponse startFamily(AccountIdentity account, TokenFormat format, List<String> methods) {
        return startFamily(account, format, methods, LoginOrigin.UNKNOWN);
    }

    /**
     * Starts a new family as {@link #startFamily(AccountIdentity, TokenFormat, List)} does, remembering where the login
     * came from for the account's list of sessions ({@link #liveSessions}).
     */
    public TokenResponse startFamily(
            AccountIdentity account, TokenFormat format, List<String> methods, LoginOrigin origin) {
        return this.transactions.execute(status -> {
            Instant now = this.clock.instant();
            RefreshFamily family = this.families.save(new RefreshFamily(
                    account.id(),
                    now,
                    now.plus(this.properties.absoluteLifetime()),
                    format,
                    new SignIn(methods, now),
                    origin));
            String refreshToken = RefreshTokenValues.generate();
            this.tokens.save(new RefreshToken(
                    family.id(), RefreshTokenValues.hash(refreshToken), now, tokenExpiry(family, now)));
            IssuedAccessToken access = issueAccess(account, family);
            return response(access, refreshToken);
        });
    }

    /** A JWT, or for an opaque family a session row (written after the family row it references). */
    private IssuedAccessToken issueAccess(AccountIdentity account, RefreshFamily family) {
        if (family.tokenFormat() == TokenFormat.OPAQUE) {
            this.families.flush();
            return this.opaqueSessions.issue(account, family.id(), family.expiresAt(), family.signIn());
        }
        return this.accessTokens.issue(account, family.id(), family.signIn());
    }

    /**
     * Exchanges a refresh token for a new pair.
     *
     * @throws InvalidRefreshTokenException for unknown, expired, revoked or reused tokens (401)
     */
    public TokenResponse rotate(String presented) {
        if (!RefreshTokenValues.wellFormed(presented)) {
            throw new InvalidRefreshTokenException();
        }
        byte[] hash = RefreshTokenValues.hash(presented);
        Outcome outcome = this.transactions.execute(status -> rotateLocked(hash));
        this.meters
                .counter("tessera.auth.refreshes", "outcome", (outcome.response() == null) ? "refused" : "succeeded")
                .increment();
        if (outcome.response() == null) {
            throw new InvalidRefreshTokenException();
        }
        return outcome.response();
    }

    /** Revokes the family of the presented token. Unknown or malformed tokens are ignored (idempotent). */
    public void logout(String presented) {
        if (!RefreshTokenValues.wellFormed(presented)) {
            return;
        }
        byte[] hash = RefreshTokenValues.hash(presented);
        this.transactions.executeWithoutResult(status -> {
            Optional<RefreshToken> token = this.tokens.findByHashForUpdate(hash);
            if (token.isEmpty()) {
                return;
            }
            this.families.findByIdForUpdate(token.get().familyId()).ifPresent(family -> {
                if (!family.isRevoked()) {
                    revoke(family, RevocationReason.LOGOUT);
                    this.revocations.revokeSession(family.id(), RevocationReason.LOGOUT.name());
                }
            });
        });
    }

    /**
     * When the session (refresh family) {@code sid} of the account started, if it is still usable now: the time the
     * user last authenticated with a password for that session (a family is started only by a login). Empty for an
     * unknown, revoked or expired session, or one of another account. The OpenID Provider uses it for {@code
     * auth_time} and to refuse tokens for a session that has ended.
     */
    public Optional<Instant> sessionStart(UUID sid, UUID accountId) {
        return signIn(sid, accountId).map(SignIn::at);
    }

    /**
     * How and when the user authenticated for the session {@code sid} of the account, if it is still usable now
     * (as {@link #sessionStart}); the OpenID Provider's access tokens carry it as {@code amr} and {@code auth_time}.
     */
    public Optional<SignIn> signIn(UUID sid, UUID accountId) {
        return this.families
                .findById(sid)
                .filter(family -> family.accountId().equals(accountId))
                .filter(family -> family.isUsableAt(this.clock.instant()))
                .map(RefreshFamily::signIn);
    }

    /**
     * Ends one session by its id, as {@link #logout(String)} does for the holder of its refresh token: the family is
     * revoked and the revocation feed tells the gateway, so every access token carrying this {@code sid} stops working
     * there. Used by OpenID Connect RP-initiated logout, which names the session through the ID token it issued.
     * Unknown or already revoked sessions are ignored (idempotent).
     */
    public void endSession(UUID sid) {
        this.transactions.executeWithoutResult(status -> this.families
                .findByIdForUpdate(sid)
                .ifPresent(family -> {
                    if (!family.isRevoked()) {
                        revoke(family, RevocationReason.LOGOUT);
                        this.revocations.revokeSession(family.id(), RevocationReason.LOGOUT.name());
                    }
                }));
    }

    /**
     * The account's live sessions (refresh families of either scheme), newest first. A scheme A session's last use is
     * also read from Redis when gateways read sessions there (they never tell auth-service of a use).
     */
    public List<LiveSession> liveSessions(UUID accountId) {
        List<RefreshFamily> live = this.families.findLive(accountId, this.clock.instant());
        Map<UUID, Instant> touched = this.opaqueSessions.lastTouched(live.stream()
                .filter(family -> family.tokenFormat() == TokenFormat.OPAQUE)
                .map(RefreshFamily::id)
                .toList());
        return live.stream()
                .map(family -> new LiveSession(
                        family.id(),
                        family.tokenFormat(),
                        family.userAgent(),
                        family.address(),
                        family.createdAt(),
                        lastUsed(family, touched.get(family.id()))))
                .toList();
    }

    private static Instant lastUsed(RefreshFamily family, Instant touched) {
        return (touched != null && touched.isAfter(family.lastUsedAt().plusSeconds(1))) ? touched : family.lastUsedAt();
    }

    /**
     * Ends one live session of the account, as {@link #logout(String)} does for the holder of its refresh token (the
     * family is revoked and the revocation feed carries its {@code sid}, so the gateway refuses its JWTs within a poll
     * and its opaque tokens at once).
     *
     * The owner's action is audited, with the address it came from.
     *
     * @return whether the account had such a live session; {@code false} for an unknown id, one of another account,
     *     and one already ended (the caller cannot tell these apart)
     */
    public boolean endSessionOf(UUID accountId, UUID sid, String address) {
        Instant now = this.clock.instant();
        return this.transactions.execute(status -> {
            Optional<RefreshFamily> found = this.families
                    .findByIdForUpdate(sid)
                    .filter(family -> family.accountId().equals(accountId))
                    .filter(family -> family.isUsableAt(now));
            found.ifPresent(family -> {
                revoke(family, RevocationReason.LOGOUT);
                this.revocations.revokeSession(family.id(), RevocationReason.LOGOUT.name());
                this.audit.record(AuditLog.Type.SESSION_ENDED, accountId, accountId, address, "sid " + family.id());
            });
            return found.isPresent();
        });
    }

    /**
     * "Sign out everywhere": {@link #revokeAll} with {@link RevocationReason#LOGOUT_ALL} (every family, and every
     * access token of the account issued so far through the feed), audited in the same transaction.
     *
     * @return how many sessions ended
     */
    public int endAllSessionsOf(UUID accountId, String address) {
        return this.transactions.execute(status -> {
            int ended = revokeAll(accountId, RevocationReason.LOGOUT_ALL);
            this.audit.record(AuditLog.Type.SESSIONS_ENDED, accountId, accountId, address, ended + " sessions");
            return ended;
        });
    }

    /** Revokes every family of an account (logout everywhere, account disabled). */
    public int revokeAll(UUID accountId, RevocationReason reason) {
        return revokeAllExcept(accountId, null, reason);
    }

    /**
     * Revokes every family of an account but one (the caller's own session after a password change), and
     * every access token of the account issued so far, the kept session's included (it gets a new one by
     * refreshing).
     */
    public int revokeAllExcept(UUID accountId, UUID keptFamily, RevocationReason reason) {
        return this.transactions.execute(status -> {
            int count = 0;
            for (RefreshFamily family : this.families.findActiveForUpdate(accountId)) {
                if (!family.id().equals(keptFamily)) {
                    revoke(family, reason);
                    count++;
                }
            }
            this.revocations.revokeUser(accountId, reason.name());
            return count;
        });
    }

    /** Forgets sealed successors once their grace window is over, and deletes ended families. */
    void cleanUp() {
        this.transactions.executeWithoutResult(status -> {
            Instant now = this.clock.instant();
            this.tokens.forgetSealedSuccessorsRotatedBefore(now.minus(this.properties.gracePeriod()));
            // Ended families are kept a day so a late reuse still meets a revoked family in the logs.
            // Tokens first, then families: the same lock order as a presentation (token, then family).
            Instant cutoff = now.minus(Duration.ofDays(1));
            this.tokens.deleteOfFamiliesEndedBefore(cutoff);
            this.families.deleteEndedBefore(cutoff);
        });
    }

    private Outcome rotateLocked(byte[] hash) {
        Optional<RefreshToken> found = this.tokens.findByHashForUpdate(hash);
        if (found.isEmpty()) {
            return Outcome.REFUSED;
        }
        RefreshToken token = found.get();
        RefreshFamily family = this.families.findByIdForUpdate(token.familyId()).orElse(null);
        if (family == null || family.isRevoked()) {
            return Outcome.REFUSED;
        }
        Instant now = this.clock.instant();
        if (token.isRotated()) {
            Optional<TokenResponse> replay = replay(token, family, now);
            if (replay.isPresent()) {
                return new Outcome(replay.get());
            }
            revoke(family, RevocationReason.REUSE_DETECTED);
            this.revocations.revokeSession(family.id(), RevocationReason.REUSE_DETECTED.name());
            this.audit.record(
                    AuditLog.Type.REFRESH_REUSE_DETECTED, family.accountId(), null, null, "sid " + family.id());
            this.meters.counter("tessera.auth.refresh.reuse").increment();
            log.warn(
                    "Refresh token reuse detected: family {} of account {} revoked (token rotated at {})",
                    family.id(),
                    family.accountId(),
                    token.rotatedAt());
            return Outcome.REFUSED;
        }
        if (!token.expiresAt().isAfter(now) || !family.isUsableAt(now)) {
            return Outcome.REFUSED;
        }
        Optional<AccountIdentity> account = this.accounts.findActive(family.accountId());
        if (account.isEmpty()) {
            revoke(family, RevocationReason.ACCOUNT_DISABLED);
            return Outcome.REFUSED;
        }
        String successorValue = RefreshTokenValues.generate();
        RefreshToken successor =
                new RefreshToken(family.id(), RefreshTokenValues.hash(successorValue), now, tokenExpiry(family, now));
        IssuedAccessToken access = issueAccess(account.get(), family);
        byte[] sealed = this.encryption.seal(SealedPair.encode(access, successorValue), token.sealContext());
        token.markRotated(now, sealed);
        family.used(now);
        this.families.save(family);
        // Flush the rotation before inserting the successor: the partial unique index allows one
        // unrotated token per family at any moment.
        this.tokens.saveAndFlush(token);
        this.tokens.saveAndFlush(successor);
        return new Outcome(response(access, successorValue));
    }

    /** The same pair again, if the token was rotated within the grace window and its successor is unused. */
    private Optional<TokenResponse> replay(RefreshToken token, RefreshFamily family, Instant now) {
        boolean withinGrace =
                token.rotatedAt().plus(this.properties.gracePeriod()).isAfter(now);
        if (!withinGrace || token.successorSealed() == null || !family.isUsableAt(now)) {
            return Optional.empty();
        }
        SealedPair pair = SealedPair.decode(this.encryption.open(token.successorSealed(), token.sealContext()));
        boolean successorLive = this.tokens
                .findByTokenHash(RefreshTokenValues.hash(pair.refreshToken()))
                .filter(successor -> !successor.isRotated())
                .isPresent();
        if (!successorLive) {
            return Optional.empty();
        }
        return Optional.of(TokenResponse.bearer(
                pair.accessToken(),
                Math.max(0, pair.accessTokenExpiresAt().getEpochSecond() - now.getEpochSecond()),
                pair.refreshToken()));
    }

    /**
     * Marks the family revoked. Sealed successors of its tokens are left to the clean-up job (they are
     * useless once the family is revoked, and gone within a minute): touching other token rows here
     * would take their locks after the family's, the reverse of the rotation path, and could deadlock.
     */
    private void revoke(RefreshFamily family, RevocationReason reason) {
        family.revoke(this.clock.instant(), reason);
        this.families.save(family);
    }

    private Instant tokenExpiry(RefreshFamily family, Instant now) {
        Instant idle = now.plus(this.properties.idleLifetime());
        return idle.isBefore(family.expiresAt()) ? idle : family.expiresAt();
    }

    private static TokenResponse response(IssuedAccessToken access, String refreshToken) {
        // Whole seconds, as in the token's exp claim, counted from when the token was issued.
        long expiresIn = Math.max(
                0, access.expiresAt().getEpochSecond() - access.issuedAt().getEpochSecond());
        return TokenResponse.bearer(access.value(), expiresIn, refreshToken);
    }

    private record Outcome(TokenResponse response) {
        static final Outcome REFUSED = new Outcome(null);
    }

    /** The successor pair as sealed for the grace window: three lines, no secret left in clear. */
    private record SealedPair(String accessToken, String refreshToken, Instant accessTokenExpiresAt) {

        static byte[] encode(IssuedAccessToken access, String refreshToken) {
            String text = access.value() + "\n" + refreshToken + "\n"
                    + access.expiresAt().getEpochSecond();
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        static SealedPair decode(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.US_ASCII).split("\n", 3);
            return new SealedPair(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
        }

        @Override
        public String toString() {
            return "SealedPair[expires=" + this.accessTokenExpiresAt + "]";
        }
    }
}
