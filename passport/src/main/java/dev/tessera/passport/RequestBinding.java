package dev.tessera.passport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The {@code req} claim: base64url(SHA-256(METHOD + " " + path)), path being the raw path the upstream
 * receives, without the query string. It binds a passport to one request so that a captured passport
 * cannot be replayed against another endpoint.
 */
final class RequestBinding {

    private RequestBinding() {}

    static String of(String method, String path) {
        String text = method.toUpperCase(Locale.ROOT) + " " + path;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
