package dev.tessera.auth.me;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short readable name for a {@code User-Agent}, such as "Chrome on Linux", "Safari on iOS" or "curl", for the
 * user's list of sessions. Hand-written for the common browsers, operating systems and command-line clients only:
 * the name helps a person recognise a login, it decides nothing, so a rare agent may get a plain name (its first
 * product token) rather than pulling a user-agent database into the service. Order matters: Edge and Opera also say
 * "Chrome", Chrome also says "Safari", Android also says "Linux", iOS also says "Mac OS X".
 */
final class DeviceNames {

    static final String UNKNOWN = "Unknown device";

    private static final List<Name> CLIENTS = List.of(
            new Name("curl/", "curl"),
            new Name("Wget/", "Wget"),
            new Name("PostmanRuntime/", "Postman"),
            new Name("python-requests/", "Python requests"),
            new Name("okhttp/", "OkHttp"),
            new Name("Java-http-client/", "Java"),
            new Name("ReactorNetty/", "Reactor Netty"));

    private static final List<Name> BROWSERS = List.of(
            new Name("Edg/", "Edge"),
            new Name("EdgA/", "Edge"),
            new Name("EdgiOS/", "Edge"),
            new Name("OPR/", "Opera"),
            new Name("SamsungBrowser/", "Samsung Internet"),
            new Name("Firefox/", "Firefox"),
            new Name("FxiOS/", "Firefox"),
            new Name("CriOS/", "Chrome"),
            new Name("Chromium/", "Chromium"),
            new Name("Chrome/", "Chrome"),
            new Name("Safari/", "Safari"));

    private static final List<Name> SYSTEMS = List.of(
            new Name("Windows", "Windows"),
            new Name("iPhone", "iOS"),
            new Name("iPod", "iOS"),
            new Name("iPad", "iPadOS"),
            new Name("Android", "Android"),
            new Name("CrOS", "ChromeOS"),
            new Name("Mac OS X", "macOS"),
            new Name("Macintosh", "macOS"),
            new Name("Linux", "Linux"));

    /** The first product token, for agents none of the lists knows (e.g. "Go-http-client/1.1"). */
    private static final Pattern PRODUCT = Pattern.compile("^([A-Za-z][A-Za-z0-9._-]{0,31})(?:/|\\s|$)");

    private DeviceNames() {}

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        for (Name client : CLIENTS) {
            if (userAgent.regionMatches(
                    true, 0, client.marker(), 0, client.marker().length())) {
                return client.name();
            }
        }
        String browser = find(BROWSERS, userAgent);
        String system = find(SYSTEMS, userAgent);
        if (browser != null && system != null) {
            return browser + " on " + system;
        }
        if (browser != null) {
            return browser;
        }
        if (system != null) {
            return "Browser on " + system;
        }
        Matcher product = PRODUCT.matcher(userAgent.strip());
        return product.find() ? product.group(1) : UNKNOWN;
    }

    private static String find(List<Name> names, String userAgent) {
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (Name candidate : names) {
            if (lower.contains(candidate.marker().toLowerCase(Locale.ROOT))) {
                return candidate.name();
            }
        }
        return null;
    }

    private record Name(String marker, String name) {}
}
