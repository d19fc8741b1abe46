package dev.tessera.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Like {@link GatewayTest}, but auth-service is {@link StubUpstreams#INTROSPECTION}, a stub that tests stop (auth-service
 * down) and start again: each class starts or stops it before each test. Loopback is a trusted proxy, so a test that
 * spends the small introspection budget (20 refused calls an hour per client) speaks for a client address of its own;
 * without {@code X-Forwarded-For} the client is loopback itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@GatewayTest
@ContextConfiguration(initializers = StubUpstreams.WithIntrospection.class)
@TestPropertySource(
        properties = {
            "tessera.gateway.trusted-proxies=127.0.0.1/32",
            "tessera.gateway.response-timeout=2s",
            // Long enough that a loaded 2-core machine answers a local stub within it: 500 ms, then 1.5 s, turned
            // answers that should be 401 into 503 under load. The hang test's stub answers never (IntrospectionStub
            // hang), so it passes with any timeout and waits this long once.
            "tessera.gateway.introspection.timeout=5s",
            "tessera.gateway.introspection.connect-timeout=1s",
            "tessera.gateway.introspection.budget-capacity=20",
            "tessera.gateway.introspection.budget-period=1h"
        })
public @interface IntrospectionTest {}
