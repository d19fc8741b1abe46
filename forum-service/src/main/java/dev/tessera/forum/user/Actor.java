package dev.tessera.forum.user;

import dev.tessera.forum.AuthenticationRequiredException;
import dev.tessera.passport.Passport;
import java.util.UUID;

/**
 * An authenticated caller about to change something, taken from the passport. Only this type
 * turns a passport into forum permissions.
 *
 * @param author the caller as they would be shown as an author now
 * @param moderator whether the caller may change anyone's content: the passport carries {@value #MODERATE}, which
 *     auth-service's role policy gives MODERATOR and ADMIN (and any role an administrator grants it); the role names
 *     themselves decide nothing here
 */
public record Actor(Author author, boolean moderator) {

    /** The permission to change anyone's content. */
    public static final String MODERATE = "forum:moderate";

    public static Actor of(Passport passport) {
        if (!passport.isAuthenticated()) {
            throw new AuthenticationRequiredException("Log in to write in the forum");
        }
        UUID id;
        try {
            id = UUID.fromString(passport.userId());
        } catch (IllegalArgumentException ex) {
            throw new AuthenticationRequiredException("The passport names no valid user");
        }
        String name = isShowable(passport.username()) ? passport.username() : passport.userId();
        return new Actor(new Author(id, name), passport.hasPermission(MODERATE));
    }

    /**
     * Whether a passport's username can be shown as an author: 1 to 100 characters, none of them
     * control characters. auth-service's name policy should make this always true; if it ever is
     * not, the post is attributed to the user id rather than refused or stored broken.
     */
    private static boolean isShowable(String username) {
        if (username == null || username.isBlank() || username.codePointCount(0, username.length()) > 100) {
            return false;
        }
        return username.codePoints()
                .noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.isSurrogate((char) c));
    }

    public UUID id() {
        return author.id();
    }

    /** Whether this caller may edit or delete content written by {@code authorId}. */
    public boolean mayChange(UUID authorId) {
        return moderator || author.id().equals(authorId);
    }
}
