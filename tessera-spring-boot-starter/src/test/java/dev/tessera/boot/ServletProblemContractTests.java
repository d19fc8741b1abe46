package dev.tessera.boot;

import static dev.tessera.boot.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link ProblemContractTests} on Spring MVC and Tomcat, plus what only a servlet service has. */
@SpringBootTest(
        classes = PassportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ProblemContractTests.AUDIENCE,
            ProblemContractTests.EXEMPT,
            ProblemContractTests.BODY_LIMIT,
            "spring.main.web-application-type=servlet",
            ProblemContractTests.MANAGEMENT_PORT
        })
class ServletProblemContractTests extends ProblemContractTests {

    @Test
    void requestWhenMalformedBeforeReachingSpringThenTomcatAnswersWithTheContract() throws Exception {
        String response = this.http.raw("GET /public/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response)
                .contains("\"type\":\"urn:tessera:problem:bad-request\"", "\"status\":400")
                .doesNotContainIgnoringCase("tomcat")
                .doesNotContain("%zz");
    }

    @Test
    void errorPathWhenRequestedDirectlyThen404Problem() {
        assertProblem(this.http.send("GET", "/error", TestHttp.ALICE, null), 404, "not-found");
    }
}
