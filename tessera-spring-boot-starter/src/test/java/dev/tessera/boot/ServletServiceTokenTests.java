package dev.tessera.boot;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link ServiceTokenContractTests} on Spring MVC and Tomcat. */
@SpringBootTest(
        classes = {PassportTestApplication.class, ServiceTokenContractTests.Endpoints.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ServiceTokenContractTests.AUDIENCE,
            ServiceTokenContractTests.ISSUER,
            "spring.main.web-application-type=servlet"
        })
class ServletServiceTokenTests extends ServiceTokenContractTests {}
