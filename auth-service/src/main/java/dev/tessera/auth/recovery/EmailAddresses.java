package dev.tessera.auth.recovery;

import dev.tessera.auth.account.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** E-mail addresses as people type them: a bare {@code local@domain}, nothing a mail header could misread. */
final class EmailAddresses {

    /** RFC 5321's limit for a path, less the angle brackets. */
    static final int MAX_LENGTH = 254;

    private EmailAddresses() {}

    /**
     * The address, trimmed; case is kept (the local part may be case-sensitive) and ignored in comparisons.
     *
     * @throws InvalidInputException when it is missing, too long, or not a bare address (400)
     */
    static String parse(String raw) {
        String address = (raw != null) ? raw.strip() : "";
        if (address.isEmpty() || address.length() > MAX_LENGTH) {
            throw invalid();
        }
        boolean bare = address.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != ',');
        if (!bare || address.indexOf('@') <= 0 || address.indexOf('@') != address.lastIndexOf('@')) {
            throw invalid();
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (!address.equals(parsed.getAddress())
                    || !address.substring(address.indexOf('@')).contains(".")) {
                throw invalid();
            }
        } catch (AddressException ex) {
            throw invalid();
        }
        return address;
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("email", "must be an e-mail address such as name@example.com");
    }
}
