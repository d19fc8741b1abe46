package dev.tessera.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    /** auth-service's introspection endpoint in {@link IntrospectionTest} contexts, which tests stop and start. */
    static final IntrospectionStub INTROSPECTION = new IntrospectionStub();

    /**
     * Behind the {@code probe} route ({@code /api/probe/**}, public), for {@link UpstreamConnectionReuseTests} alone:
     * answers the first request of each connection and closes it without an answer on the second, the way a request
     * written just as an upstream closes an idle connection ends.
     */
    static final RawUpstream PROBE = RawUpstream.start("probe-upstream", socket -> {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        RawUpstream.readHead(in);
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawUpstream.readHead(in);
        // The second request on this connection: closed without an answer.
    });

    static {
        restoreDefaults();
    }

    private StubUpstreams() {}

    /** Forgets what the stubs received and makes them answer as at the start: JWKS serves {@link TestTokens#KEY}. */
    static void restoreDefaults() {
        FORUM.restoreDefaults();
        AUTH.restoreDefaults();
        JWKS.restoreDefaults();
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    /**
     * Points the gateway at the forum and JWKS stubs and adds the probe route. An initializer rather than a {@code
     * DynamicPropertyRegistrar} bean: the gateway binds some properties before such beans run (the session endpoints
     * still saw the default auth-service address).
     */
    static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "tessera.gateway.routes.forum.uri=" + FORUM.uri(),
                            "tessera.gateway.jwt.jwks-uri=" + JWKS.uri() + "/.well-known/jwks.json",
                            "tessera.gateway.routes.probe.uri=" + PROBE.uri(),
                            "tessera.gateway.routes.probe.path=/api/probe",
                            "tessera.gateway.routes.probe.audience=forum-service",
                            "tessera.gateway.routes.probe.rules[0].pattern=/api/probe/**",
                            "tessera.gateway.routes.probe.rules[0].methods[0]=GET",
                            "tessera.gateway.routes.probe.rules[0].access=public")
                    .applyTo(context);
        }
    }

    /** {@link Initializer}, and auth-service's address is the {@link #AUTH} stub. */
    static class WithAuthService extends Initializer {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            super.initialize(context);
            TestPropertyValues.of("tessera.gateway.auth-uri=" + AUTH.uri()).applyTo(context);
        }
    }

    /** {@link Initializer}, and auth-service's address is the {@link #INTROSPECTION} stub. */
    static class WithIntrospection extends Initializer {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            super.initialize(context);
            TestPropertyValues.of("tessera.gateway.auth-uri=" + INTROSPECTION.uri())
                    .applyTo(context);
        }
    }
}
