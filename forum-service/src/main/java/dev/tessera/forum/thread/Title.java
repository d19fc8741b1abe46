package dev.tessera.forum.thread;

import dev.tessera.forum.UserText;

/** A thread title: 1 to 200 characters after trimming, one line. */
public record Title(String value) {

    public static final int MAX_LENGTH = 200;

    public Title {
        value = UserText.normalize("title", value, MAX_LENGTH, false);
    }
}
