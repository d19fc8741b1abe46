package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs after every other end-to-end class (see junit-platform.properties; the lock waits for the classes that run
 * beside the others): stopping the system must leave no process behind.
 */
@Order(Integer.MAX_VALUE)
@ResourceLock(OwnSystem.LOCK)
class ProcessCleanupIntegrationTests {

    @Test
    void stopWhenAllTestsDoneThenNoServiceProcessRemains() {
        SharedSystem.get();
        List<ProcessHandle> started = SharedSystem.stop();

        assertThat(started).hasSizeGreaterThanOrEqualTo(3).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .as("no child process of the test JVM")
                .isEmpty();
    }
}
