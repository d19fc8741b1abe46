package dev.tessera.gateway;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole gateway on a random port in front of the shared {@link StubUpstreams}: forum-service and the JWKS endpoint
 * answer, auth-service is down (nothing listens on port 1, so its routes answer 503), and a {@code probe} route leads to
 * an upstream that drops requests. Every class with this annotation and no other configuration shares one cached
 * context; the stubs are shared too, so a test resets what it changes ({@link GatewayTestSupport} does it for the stubs
 * before each test). A class that needs a setting of its own adds it ({@code @TestPropertySource}, or its own stubs
 * with {@code @DynamicPropertySource}, which win over the shared ones) and says why: that makes a context of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.gateway.issuer=" + TestTokens.ISSUER,
            "tessera.gateway.auth-uri=" + GatewayTest.NOWHERE,
            "tessera.gateway.response-timeout=1s",
            "tessera.gateway.connect-timeout=500ms",
            "tessera.gateway.jwt.jwks-min-refetch-interval=1s",
            "tessera.gateway.rate-limit.capacity=3",
            "tessera.gateway.rate-limit.period=1h",
            "tessera.gateway.passport.keys.auth-service=" + GatewayTest.AUTH_PASSPORT_KEY,
            "tessera.gateway.passport.keys.forum-service=" + GatewayTest.FORUM_PASSPORT_KEY,
            "tessera.gateway.passport.keys.notification-service=" + GatewayTest.NOTIFY_PASSPORT_KEY
        })
@ContextConfiguration(initializers = StubUpstreams.Initializer.class)
public @interface GatewayTest {

    /** An address where nothing listens (port 1 on loopback): connections are refused at once. */
    String NOWHERE = "http://127.0.0.1:1";

    /** auth-service's passport key: only auth-service's passports verify with it. */
    String AUTH_PASSPORT_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** forum-service's passport key, another one. */
    String FORUM_PASSPORT_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    /** notification-service's passport key, a third one. */
    String NOTIFY_PASSPORT_KEY = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
}
