package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On shutdown readiness turns to {@code REFUSING_TRAFFIC} first and the server keeps answering new connections for
 * the drain delay; only then does it stop accepting. Each probe is a fresh connection, as a load balancer's next
 * request would be. With the drain off, the server stops accepting right after readiness flips and the probes after
 * the first refusal fail to connect.
 */
class ShutdownDrainTests {

    /** Probes after readiness was first seen refusing; 100 ms apart, well inside the 3 s drain. */
    private static final int PROBES_DURING_DRAIN = 5;

    @ParameterizedTest
    @ValueSource(strings = {"servlet", "reactive"})
    void shutdownWhenDrainDelaySetThenReadinessRefusesBeforeTheServerStopsAccepting(String stack) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        "servlet".equals(stack) ? PassportTestApplication.class : ReactiveTestApplication.class)
                // Arguments, not default properties: those lose to the test application.properties (no drain).
                .run(
                        "--" + ProblemContractTests.SECRETS,
                        "--" + ProblemContractTests.AUDIENCE,
                        "--tessera.passport.exempt-paths=/actuator/**",
                        "--spring.main.web-application-type=" + stack,
                        "--server.port=0",
                        "--server.shutdown=graceful",
                        "--management.endpoint.health.probes.enabled=true",
                        "--tessera.shutdown.drain-delay=3s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
        int readiness = 200;
        while (readiness == 200) {
            readiness = status(port, "/actuator/health/readiness");
        }
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < PROBES_DURING_DRAIN; i++) {
            Thread.sleep(100);
            answers.add(status(port, "/actuator/health/liveness"));
        }
        ReadinessState stateDuringDrain = availability.getReadinessState();
        closed.get();

        assertThat(readiness).as("readiness once shutdown began").isEqualTo(503);
        assertThat(stateDuringDrain).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(answers)
                .as("new connections during the drain are still served (-1: refused)")
                .containsOnly(200);
        assertThat(status(port, "/actuator/health/liveness"))
                .as("after shutdown nothing answers")
                .isEqualTo(-1);
    }

    /** The status of a GET on a new connection, or -1 when the connection is refused or reset. */
    private static int status(int port, String path) throws InterruptedException {
        // A client per probe: no pooled connection outlives the probe, so each one tests accepting.
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException ex) {
            return -1;
        }
    }
}
