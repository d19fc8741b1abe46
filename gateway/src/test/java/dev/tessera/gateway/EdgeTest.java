package dev.tessera.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Like {@link GatewayTest} with auth-service up ({@link StubUpstreams#AUTH}), for the edge's request hygiene (issue
 * 13): loopback is a trusted proxy, so each test speaks for its own client address ({@link
 * EdgeTestSupport#newClientAddress()}) and the per-address limits (3 logins an hour) of one test never reach another.
 * That trust is why this is a context of its own: in the others, loopback is the client.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@GatewayTest
@TestPropertySource(properties = {"tessera.gateway.trusted-proxies=127.0.0.0/8", "tessera.gateway.response-timeout=2s"})
@ContextConfiguration(initializers = StubUpstreams.WithAuthService.class)
public @interface EdgeTest {}
