package dev.tessera.gateway.passport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.route.RolePermissions;
import dev.tessera.gateway.route.RouteProperties;
import dev.tessera.gateway.route.Routes;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Each audience has its own passport key; nothing the gateway holds lets one service speak for another. */
class PassportConfigurationTests {

    private static final String AUTH_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final String FORUM_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static final String NOTIFY_KEY = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GatewayProperties.class, PassportKeyProperties.class})
    static class TwoUpstreams {

        @Bean
        SessionCookieNames sessionCookieNames() {
            return () -> Set.of("tessera_access", "tessera_refresh", "tessera_csrf");
        }

        @Bean
        RolePermissions rolePermissions() {
            return RolePermissions.fixed(Map.of(), Set.of());
        }

        @Bean
        Routes routes() {
            return Routes.of(
                    Map.of(
                            "auth", upstream("/api/auth", "auth-service"),
                            "forum", upstream("/api/forum", "forum-service")),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1));
        }

        private static RouteProperties.Route upstream(String path, String audience) {
            return new RouteProperties.Route(
                    URI.create("http://localhost:1"),
                    path,
                    "",
                    audience,
                    List.of(new RouteProperties.Rule(path + "/**", List.of(), "public", null, false, null)),
                    false,
                    false,
                    null,
                    null,
                    null);
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(TwoUpstreams.class, PassportConfiguration.class);

    @Test
    void startWhenAnAudienceHasNoKeyThenRefusedNamingTheAudienceAndItsVariable() {
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("forum-service")
                        .hasMessageContaining("TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE"));
    }

    @Test
    void startWhenKeyShortThenRefusedNamingTheAudience() {
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY,
                        "tessera.gateway.passport.keys.forum-service=c2hvcnQ=")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("forum-service"));
    }

    @Test
    void startWhenTwoAudiencesShareAKeyThenRefused() {
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + FORUM_KEY + "," + AUTH_KEY)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("share a passport key"));
    }

    @Test
    void startWhenTheOldSharedSecretIsSetThenRefusedWithTheWayOut() {
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + FORUM_KEY,
                        "tessera.passport.secrets=" + AUTH_KEY)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tessera.gateway.passport.keys.<audience>"));
    }

    @Test
    void startWhenTheOncePublishedDevelopmentSecretThenRefused() {
        String published = java.util.Base64.getEncoder()
                .encodeToString("tessera-development-passport-secret-not-for-production".getBytes());
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + published)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("forum-service")
                        .hasMessageContaining("published"));
    }

    @Test
    void startWhenDevProfileWithoutKeysThenStillRefused() {
        runner.withPropertyValues("spring.profiles.active=dev")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("TESSERA_GATEWAY_PASSPORT_KEYS_"));
    }

    @Test
    void signWhenForOneAudienceThenOnlyThatServiceKeyVerifiesIt() {
        runner.withPropertyValues(
                        "tessera.gateway.passport.keys.auth-service=" + AUTH_KEY,
                        "tessera.gateway.passport.keys.notification-service=" + NOTIFY_KEY,
                        "tessera.gateway.passport.keys.forum-service=" + FORUM_KEY)
                .run(context -> {
                    PassportSigners signers = context.getBean(PassportSigners.class);
                    Passport alice = Passport.caller("u-1", "alice", java.util.Set.of("ADMIN"), null, null);
                    String forForum = signers.forAudience("forum-service").sign(alice, "forum-service", "GET", "/a");
                    String forAuth = signers.signInternal(alice, "GET", "/a", "192.0.2.1");

                    assertThat(verifier(FORUM_KEY, "forum-service")
                                    .verify(forForum, "GET", "/a")
                                    .userId())
                            .isEqualTo("u-1");
                    assertThat(verifier(AUTH_KEY, "auth-service")
                                    .verify(forAuth, "GET", "/a")
                                    .clientAddress())
                            .isEqualTo("192.0.2.1");
                    // The forum's key cannot verify what was signed for auth-service, even with the audience
                    // check out of the way (a forum-service holding its key cannot mint for auth-service either).
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                                    () -> verifier(FORUM_KEY, "auth-service").verify(forAuth, "GET", "/a"))
                            .isInstanceOfSatisfying(
                                    PassportException.class,
                                    ex -> assertThat(ex.reason()).isEqualTo(PassportException.Reason.BAD_SIGNATURE));
                });
    }

    @Test
    void startWhenKeysComeFromEnvironmentVariablesThenTheyBindToTheirAudiences() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-systemEnvironment",
                                Map.of(
                                        "TESSERA_GATEWAY_PASSPORT_KEYS_AUTHSERVICE", AUTH_KEY,
                                        "TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE", FORUM_KEY))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String passport = context.getBean(PassportSigners.class)
                            .forAudience("forum-service")
                            .sign(Passport.anonymous(null, null, null), "forum-service", "GET", "/a");
                    assertThat(verifier(FORUM_KEY, "forum-service")
                                    .verify(passport, "GET", "/a")
                                    .isAuthenticated())
                            .isFalse();
                });
    }

    private static PassportVerifier verifier(String key, String audience) {
        return new PassportVerifier(PassportSecrets.of(List.of(key)), audience);
    }
}
