package dev.tessera.boot;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link ProblemContractTests} on WebFlux and Netty: a minimal reactive service with the starter gets the same
 * filters and the same contract. Plus the management port, which is never filtered.
 */
@SpringBootTest(
        classes = ReactiveTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ProblemContractTests.AUDIENCE,
            ProblemContractTests.EXEMPT,
            ProblemContractTests.BODY_LIMIT,
            "spring.main.web-application-type=reactive",
            ProblemContractTests.MANAGEMENT_PORT,
            "spring.reactor.context-propagation=auto",
            ReactiveProblemContractTests.NETTY_ONLY
        })
class ReactiveProblemContractTests extends ProblemContractTests {

    /** The test classpath has Tomcat too (for the servlet tests); a reactive service runs on Netty alone. */
    static final String NETTY_ONLY = "spring.autoconfigure.exclude="
            + "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
            + "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";
}
