package dev.tessera.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A minimal WebFlux service with the starter, as notification-service will be: the same controller as the servlet
 * test application, now served by WebFlux on Netty. Tests run it with {@code
 * spring.main.web-application-type=reactive} (the test classpath has both stacks).
 */
@SpringBootConfiguration
@AutoConfigurationWithoutSpringSecurity
@Import(PassportTestApplication.CallerController.class)
class ReactiveTestApplication {}
