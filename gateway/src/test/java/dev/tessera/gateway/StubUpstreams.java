package dev.tessera.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The upstreams of the gateway test contexts ({@link GatewayTest} and the annotations built on it): one stub each,
 * started once per JVM and shared by every context, since tests run one at a time. A test that changes an answer
 * restores it before the next test ({@link #restoreDefaults()}; {@link IntrospectionTest} classes start or stop
 * {@link #INTROSPECTION} themselves).
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

    /** Requests {@link #RESETTING} has reset since the start. */
    static final java.util.concurrent.atomic.AtomicInteger RESETS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Behind the {@code reset} route ({@code /api/reset/**}, public), for {@link UpstreamErrorHandlerTests}: reads each
     * request head, then closes with {@code SO_LINGER 0}, so the kernel sends a TCP RST instead of a FIN, as it does for
     * a process killed with unread data in its socket.
     */
    static final RawUpstream RESETTING = RawUpstream.start("resetting-upstream", socket -> {
        RawUpstream.readHead(socket.getInputStream());
        socket.setSoLinger(true, 0);
        RESETS.incrementAndGet();
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
     * still saw the default auth-service address). Its values rank above the annotations' inlined properties and below
     * a class's own {@code @DynamicPropertySource}, so a class with stubs of its own can still point the gateway there.
     */
    static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> upstreams = new LinkedHashMap<>();
            upstreams.put("tessera.gateway.routes.forum.uri", FORUM.uri());
            upstreams.put("tessera.gateway.jwt.jwks-uri", JWKS.uri() + "/.well-known/jwks.json");
            upstreams.put("tessera.gateway.routes.probe.uri", PROBE.uri());
            upstreams.put("tessera.gateway.routes.probe.path", "/api/probe");
            upstreams.put("tessera.gateway.routes.probe.audience", "forum-service");
            upstreams.put("tessera.gateway.routes.probe.rules[0].pattern", "/api/probe/**");
            upstreams.put("tessera.gateway.routes.probe.rules[0].methods[0]", "GET");
            upstreams.put("tessera.gateway.routes.probe.rules[0].access", "public");
            upstreams.put("tessera.gateway.routes.reset.uri", RESETTING.uri());
            upstreams.put("tessera.gateway.routes.reset.path", "/api/reset");
            upstreams.put("tessera.gateway.routes.reset.audience", "forum-service");
            upstreams.put("tessera.gateway.routes.reset.rules[0].pattern", "/api/reset/**");
            upstreams.put("tessera.gateway.routes.reset.rules[0].access", "public");
            // The step-up route (StepUpTests): the forum stub, behind rules that want a second factor or a
            // recent login.
            upstreams.put("tessera.gateway.routes.stepup.uri", FORUM.uri());
            upstreams.put("tessera.gateway.routes.stepup.path", "/api/stepup");
            upstreams.put("tessera.gateway.routes.stepup.audience", "forum-service");
            upstreams.put("tessera.gateway.routes.stepup.rules[0].pattern", "/api/stepup/second-factor");
            upstreams.put("tessera.gateway.routes.stepup.rules[0].access", "authenticated");
            upstreams.put("tessera.gateway.routes.stepup.rules[0].second-factor", "true");
            upstreams.put("tessera.gateway.routes.stepup.rules[1].pattern", "/api/stepup/recent");
            upstreams.put("tessera.gateway.routes.stepup.rules[1].access", "authenticated");
            upstreams.put("tessera.gateway.routes.stepup.rules[1].max-auth-age", "5m");
            upstreams.put("tessera.gateway.routes.stepup.rules[2].pattern", "/api/stepup/admin");
            upstreams.put("tessera.gateway.routes.stepup.rules[2].access", "role:ADMIN");
            upstreams.put("tessera.gateway.routes.stepup.rules[2].second-factor", "true");
            upstreams.put("tessera.gateway.routes.stepup.rules[2].max-auth-age", "10m");
            authService().ifPresent(uri -> upstreams.put("tessera.gateway.auth-uri", uri));
            context.getEnvironment()
                    .getPropertySources()
                    .addBefore(
                            TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
                            new MapPropertySource("stubUpstreams", upstreams));
        }

        /** auth-service's address when a stub plays it; else the annotations' (nowhere). */
        Optional<String> authService() {
            return Optional.empty();
        }
    }

    /** {@link Initializer}, and auth-service's address is the {@link #AUTH} stub. */
    static class WithAuthService extends Initializer {

        @Override
        Optional<String> authService() {
            return Optional.of(AUTH.uri());
        }
    }

    /** {@link Initializer}, and auth-service's address is the {@link #INTROSPECTION} stub. */
    static class WithIntrospection extends Initializer {

        @Override
        Optional<String> authService() {
            return Optional.of(INTROSPECTION.uri());
        }
    }
}
