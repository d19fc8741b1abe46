package dev.tessera.boot;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link PassportSecurityTests} on Spring MVC with Spring Security. */
@SpringBootTest(
        classes = SecuredServletTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProblemContractTests.SECRETS,
            ProblemContractTests.AUDIENCE,
            "spring.main.web-application-type=servlet"
        })
class ServletPassportSecurityTests extends PassportSecurityTests {}
