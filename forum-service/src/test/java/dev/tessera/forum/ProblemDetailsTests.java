package dev.tessera.forum;

import static dev.tessera.forum.BadInputTests.assertProblem;
import static dev.tessera.forum.ForumClient.anonymous;
import static dev.tessera.forum.ForumClient.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.forum.ForumClient.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The framework's own errors are problem details too, with no internals. */
@ForumTest
class ProblemDetailsTests {

    @LocalServerPort
    int port;

    ForumClient forum;

    @BeforeEach
    void setUp() {
        forum = new ForumClient(port);
    }

    @Test
    void requestWhenPathUnknownThenNotFoundProblem() {
        assertProblem(forum.get("/no/such/thing", anonymous()), 404);
    }

    @Test
    void requestWhenMethodNotAllowedThenProblemWithAllow() {
        Reply reply = forum.send("PUT", "/threads", member("ada"), "{}", "application/json", null);

        assertProblem(reply, 405);
        assertThat(reply.header("Allow")).contains("GET").contains("POST");
    }
}
