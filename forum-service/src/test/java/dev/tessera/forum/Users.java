package dev.tessera.forum;

import dev.tessera.forum.user.Actor;
import dev.tessera.forum.user.Author;
import java.util.UUID;

/** Callers for tests: fresh users so tests sharing a database never see each other's posts. */
public final class Users {

    private Users() {}

    public static Actor member(String name) {
        return new Actor(new Author(UUID.randomUUID(), name), false);
    }

    public static Actor moderator(String name) {
        return new Actor(new Author(UUID.randomUUID(), name), true);
    }
}
