package dev.tessera.auth.revocation;

import java.util.UUID;

/**
 * Published by {@link Revocations} inside the transaction that records a revocation, before it commits, so a
 * listener that keeps a copy of sessions elsewhere (the Redis session store of scheme A) ends them in step: an
 * exception from a listener rolls the revocation back, so it is never half done.
 *
 * @param accountId set for a user-level revocation: every access token of the account issued so far
 * @param familyId set for a session revocation: every access token of that refresh family
 */
public record RevocationRecorded(UUID accountId, UUID familyId) {

    static RevocationRecorded ofUser(UUID accountId) {
        return new RevocationRecorded(accountId, null);
    }

    static RevocationRecorded ofSession(UUID familyId) {
        return new RevocationRecorded(null, familyId);
    }
}
