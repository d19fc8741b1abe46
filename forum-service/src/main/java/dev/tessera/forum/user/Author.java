package dev.tessera.forum.user;

import java.util.UUID;

/**
 * Who wrote something: the user id and the name they had when writing it. Names are copied, not
 * looked up, so renaming an account does not rewrite history.
 */
public record Author(UUID id, String name) {}
