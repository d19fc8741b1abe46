package dev.tessera.boot;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link PassportSecurityTests} on WebFlux with Spring Security. */
@SpringBootTest(
        classes = SecuredReactiveTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ProblemContractTests.AUDIENCE,
            "spring.main.web-application-type=reactive",
            ReactiveProblemContractTests.NETTY_ONLY
        })
class ReactivePassportSecurityTests extends PassportSecurityTests {}
