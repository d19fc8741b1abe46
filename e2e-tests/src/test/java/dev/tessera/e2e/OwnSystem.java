package dev.tessera.e2e;

/**
 * The classes that bring up a system of their own ({@link ComposeIntegrationTests}, {@link ReplicaIntegrationTests})
 * run beside the shared system's classes, one at a time (see junit-platform.properties). {@link
 * ProcessCleanupIntegrationTests} takes the same lock, so it looks for leftover processes only after they ended.
 */
final class OwnSystem {

    static final String LOCK = "tessera-own-system";

    private OwnSystem() {}
}
