package dev.tessera.gateway;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The upstreams of the shared gateway contexts ({@link GatewayTest}, {@link AuthServiceStubTest}, {@link EdgeTest}):
 * one recording stub each, started once per JVM and shared by every context, since tests run one at a time. A test
 * that changes an answer restores it before the next test ({@link #restoreDefaults()}).
 */
final class StubUpstreams {

    static final StubServer FORUM = StubServer.start();

    static final StubServer JWKS = StubServer.start();

    static final StubServer AUTH = StubServer.start();

    private StubUpstreams() {}

    /** Forgets what the stubs received and makes them answer as at the start: JWKS serves {@link TestTokens#KEY}. */
    static void restoreDefaults() {
        FORUM.restoreDefaults();
        AUTH.restoreDefaults();
        JWKS.restoreDefaults();
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    /**
     * Points the gateway at the forum and JWKS stubs. An initializer rather than a {@code DynamicPropertyRegistrar}
     * bean: the gateway binds its properties before such beans run.
     */
    static class ForumAndJwks implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "tessera.gateway.routes.forum.uri=" + FORUM.uri(),
                            "tessera.gateway.jwt.jwks-uri=" + JWKS.uri() + "/.well-known/jwks.json")
                    .applyTo(context);
        }
    }

    /** {@link ForumAndJwks}, and auth-service's address is the {@link #AUTH} stub. */
    static class WithAuthService extends ForumAndJwks {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            super.initialize(context);
            TestPropertyValues.of("tessera.gateway.auth-uri=" + AUTH.uri()).applyTo(context);
        }
    }

    static {
        restoreDefaults();
    }
}
