package dev.tessera.gateway.edge;

/**
 * Whether a raw request path is in the one spelling every edge rule compares: the rate limit, the CSRF and
 * access rules, the route predicates and every upstream's own normalisation must all see the same path, so a
 * path that another component could read differently is refused instead of guessed at (issue 13, item 2:
 * {@code /api/auth/%6cogin} and {@code /api/auth/login;x} reached auth-service's login past the login rate
 * limit, which compared the raw text while the access rules and Spring's handler mapping decoded it).
 *
 * <p>Refused, all on the raw (still encoded) path:
 *
 * <ul>
 *   <li>path parameters ({@code ;}): Spring's path matching and Tomcat drop them, an exact comparison does not;
 *   <li>percent-encoded unreserved characters ({@code ALPHA DIGIT - . _ ~}, RFC 3986 section 2.3: URIs that
 *       differ only there are equivalent, so the canonical form has them literal);
 *   <li>encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}), raw backslashes, empty segments ({@code
 *       //}) and dot segments ({@code /./}, {@code /../}, a trailing {@code /.} or {@code /..}, any
 *       {@code %2E});
 *   <li>control characters, raw or encoded ({@code %00}–{@code %1F}, {@code %7F}), raw characters outside
 *       printable ASCII (a canonical URI encodes them), and malformed escapes ({@code %4}, {@code %zz}).
 * </ul>
 *
 * Other escapes ({@code %20}, {@code %C3%A9}, {@code %3B}…) stay: they decode to characters no configured path
 * literal contains, so raw and decoded comparisons agree on them.
 */
final class CanonicalPath {

    private CanonicalPath() {}

    /**
     * Whether the raw path is canonical.
     *
     * @param rawPath the path as received, still percent-encoded
     * @return {@code true} when every edge rule reads it the same way
     */
    static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        int length = rawPath.length();
        for (int i = 0; i < length; i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ';' || c == '\\') {
                return false;
            }
            if (c == '/' && i + 1 < length && rawPath.charAt(i + 1) == '/') {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= length) {
                    return false;
                }
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high < 0 || low < 0 || !allowedEscape(high * 16 + low)) {
                    return false;
                }
                i += 2;
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (".".equals(segment) || "..".equals(segment)) {
                return false;
            }
        }
        return true;
    }

    /** An escape that must stay one: not unreserved, not a separator, not a control character. */
    private static boolean allowedEscape(int octet) {
        boolean unreserved = (octet >= 'A' && octet <= 'Z')
                || (octet >= 'a' && octet <= 'z')
                || (octet >= '0' && octet <= '9')
                || octet == '-'
                || octet == '.'
                || octet == '_'
                || octet == '~';
        boolean separator = octet == '/' || octet == '\\';
        boolean control = octet < 0x20 || octet == 0x7f;
        return !(unreserved || separator || control);
    }
}
