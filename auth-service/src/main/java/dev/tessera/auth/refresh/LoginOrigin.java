package dev.tessera.auth.refresh;

/**
 * Where a login came from, as its session keeps it for the user's list of sessions: the login request's {@code
 * User-Agent} (cut to {@value #USER_AGENT_LENGTH} characters, as stored) and the client address the gateway saw.
 * Either may be {@code null}. Shown to the account's owner only; never used for a security decision (the user agent
 * is whatever the client chose to send).
 *
 * @param userAgent the {@code User-Agent} header of the login request
 * @param address the client address
 */
public record LoginOrigin(String userAgent, String address) {

    static final int USER_AGENT_LENGTH = 256;

    static final int ADDRESS_LENGTH = 64;

    /** A login whose origin is not known (a test, a caller without the request). */
    public static final LoginOrigin UNKNOWN = new LoginOrigin(null, null);

    public LoginOrigin {
        userAgent = cut(userAgent, USER_AGENT_LENGTH);
        address = cut(address, ADDRESS_LENGTH);
    }

    private static String cut(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        return (trimmed.length() <= max) ? trimmed : trimmed.substring(0, max);
    }
}
