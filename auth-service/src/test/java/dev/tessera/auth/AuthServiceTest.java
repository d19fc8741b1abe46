package dev.tessera.auth;

import dev.tessera.testsupport.PostgresTestConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port against its own fresh PostgreSQL database, configured like
 * production (no {@code dev} profile: a real key-encryption key and admin password; a real SMTP server, {@link
 * TestMail}). Every class
 * with this annotation and no other configuration shares one cached context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK,
            "tessera.auth.admin.password=" + AuthServiceTest.ADMIN_PASSWORD,
            "tessera.passport.secrets=" + AuthServiceTest.PASSPORT_SECRET,
            "management.server.port=0",
            // A machine client from configuration (issue 12), as an installation registers forum-service.
            "tessera.auth.clients.seeded-service.secret-sha256=" + AuthServiceTest.SEEDED_CLIENT_SECRET_SHA256,
            "tessera.auth.clients.seeded-service.audiences=notification-service,search-service",
            "tessera.auth.clients.seeded-service.scopes=notifications:write,notifications:read",
            // OpenID clients (issue 15): a confidential first-party console and a public single-page app.
            "tessera.auth.oidc.clients.console.secret-sha256=" + AuthServiceTest.SEEDED_CLIENT_SECRET_SHA256,
            "tessera.auth.oidc.clients.console.first-party=true",
            "tessera.auth.oidc.clients.console.redirect-uris=https://console.example:8443/callback",
            "tessera.auth.oidc.clients.console.post-logout-redirect-uris=https://console.example:8443/bye",
            "tessera.auth.oidc.clients.dashboard.first-party=true",
            "tessera.auth.oidc.clients.dashboard.redirect-uris=https://dashboard.example/cb",
            // A third-party public client: asks for consent.
            "tessera.auth.oidc.clients.partner.name=Partner <App>",
            "tessera.auth.oidc.clients.partner.redirect-uris=https://partner.example/cb"
        })
@Import(PostgresTestConfiguration.class)
// Mail goes over SMTP to an in-process server (TestMail), as it would to a real relay.
@ContextConfiguration(initializers = TestMail.Initializer.class)
public @interface AuthServiceTest {

    /** A key-encryption key used only by these tests. */
    String TEST_KEK = "l2CpZETOlyxS6dJIsblecA5tyDyV+VU+oP7Sz5+C1ro=";

    String ADMIN_PASSWORD = "test-admin-password-Vq3x";

    /** The passport secret shared with the (simulated) gateway in these tests. */
    String PASSPORT_SECRET = "LMz9j35OSRUg2W9Y24etq4f34/+w/DxBhYHHE7AeH04=";

    /** The secret the configured machine client {@code seeded-service} holds. */
    String SEEDED_CLIENT_SECRET = "seeded-client-secret-only-for-tests-Vq3xT9";

    /** Its SHA-256, as configured. */
    String SEEDED_CLIENT_SECRET_SHA256 = "fbac1522eedf58f8ef2ff43de2752368b0a15c6dbf66272ceb513a50dd0361b3";
}
