package dev.tessera.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports for the processes the end-to-end tests start, handed out once per test JVM. The systems of two classes can
 * start at the same time (see junit-platform.properties), and a port chosen for a service stays free until the
 * service binds it, seconds later, and again while the service restarts: a check that the port is free is not
 * enough, so no port is ever handed out twice.
 *
 * <p>Chosen below Linux's ephemeral range (32768-60999): a port the kernel hands out with {@code new ServerSocket(0)}
 * can be taken by any outgoing connection (the gateway fetching keys, say) before the service binds it.
 */
final class FreePorts {

    private static final int LOWEST = 20000;

    private static final int HIGHEST = 31000;

    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port free now that no one in this JVM has been given. */
    static int reserve() {
        return reserveBlock(0);
    }

    /**
     * A base port such that {@code base + offset} is free now and handed out to no one else, for each offset (the
     * launcher derives its services' ports from the gateway's).
     */
    static int reserveBlock(int... offsets) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int base = random.nextInt(LOWEST, HIGHEST);
            int[] ports = IntStream.of(offsets).map(offset -> base + offset).toArray();
            if (IntStream.of(ports).allMatch(FreePorts::free) && claim(ports)) {
                return base;
            }
        }
        throw new IllegalStateException("No free ports found between " + LOWEST + " and " + HIGHEST);
    }

    private static synchronized boolean claim(int[] ports) {
        if (IntStream.of(ports).anyMatch(handedOut::contains)) {
            return false;
        }
        IntStream.of(ports).forEach(handedOut::add);
        return true;
    }

    private static boolean free(int port) {
        if (handedOut.contains(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException ex) {
            return false;
        }
    }
}
