package dev.tessera.forum.post;

import dev.tessera.forum.UserText;

/** A post body: 1 to 20,000 characters after trimming; line breaks and tabs allowed. */
public record Body(String value) {

    public static final int MAX_LENGTH = 20_000;

    public Body {
        value = UserText.normalize("body", value, MAX_LENGTH, true);
    }
}
