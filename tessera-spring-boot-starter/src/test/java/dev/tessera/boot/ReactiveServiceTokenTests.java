package dev.tessera.boot;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link ServiceTokenContractTests} on WebFlux and Netty. */
@SpringBootTest(
        classes = {ReactiveTestApplication.class, ServiceTokenContractTests.Endpoints.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ServiceTokenContractTests.AUDIENCE,
            ServiceTokenContractTests.ISSUER,
            "spring.main.web-application-type=reactive",
            ReactiveProblemContractTests.NETTY_ONLY
        })
class ReactiveServiceTokenTests extends ServiceTokenContractTests {}
