package dev.tessera.auth.account;

import java.util.UUID;

/**
 * Whether an account has a second factor, asked when a new password is checked: NIST SP 800-63B-4 lets it be 8
 * characters beside one, 15 alone. The second factors live in their own feature ({@code factor}), which answers
 * this; the account feature only asks, so neither depends on the other's insides.
 */
public interface SecondFactorPresence {

    /**
     * @param accountId the account
     * @return whether a login of the account needs a second step (an enabled authenticator app or a passkey)
     */
    boolean hasSecondFactor(UUID accountId);
}
