package dev.tessera.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Like {@link GatewayTest}, but auth-service is up: the recording {@link StubUpstreams#AUTH} behind every auth-service
 * route (sessions, OAuth and OpenID endpoints). One shared context for all such classes; each sets the answer it needs
 * before each test. The login rate limit is high here: session tests log in many times from one address.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@GatewayTest
@TestPropertySource(properties = "tessera.gateway.rate-limit.capacity=1000")
@ContextConfiguration(initializers = StubUpstreams.WithAuthService.class)
public @interface AuthServiceStubTest {}
