package dev.tessera.auth.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.AuthServiceApplication;
import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.Flows;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TestTokens;
import dev.tessera.testsupport.PostgresTestServer;
import dev.tessera.testsupport.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark-only issuing path exists only under the {@code benchmark} profile, issues tokens a login would
 * issue (same key, header and claims), and cannot be combined with {@code prod}.
 */
class BenchmarkTokenTests {

    @Test
    void tokensWhenProfileNotActiveThenNotFound() {
        try (ConfigurableApplicationContext context = start()) {
            TestHttp http = new TestHttp(portOf(context));

            // With a valid passport, so that a 404 means "no such mapping", not "no passport".
            assertThat(http.get("/benchmark/tokens?count=1", TestPassports.HEADER, passport())
                            .status())
                    .isEqualTo(404);
            assertThat(context.getBeanNamesForType(BenchmarkTokenController.class))
                    .isEmpty();
        }
    }

    @Test
    void tokensWhenProfileActiveThenDistinctUsersSignedLikeALogin() throws Exception {
        try (ConfigurableApplicationContext context =
                start("--spring.profiles.active=" + BenchmarkConfiguration.PROFILE)) {
            TestHttp http = new TestHttp(portOf(context));
            Flows flows = new Flows(http);
            String username = Flows.uniqueName("bench");
            flows.registered(username, "benchmark lunar kettle violet 97");
            String login =
                    flows.loggedIn(username, "benchmark lunar kettle violet 97").text("access_token");

            TestHttp.Response response = http.get("/benchmark/tokens?count=3", TestPassports.HEADER, passport());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/plain");
            List<String> tokens = response.body().lines().toList();
            assertThat(tokens).hasSize(3);
            JWKSet jwks = TestTokens.fetchJwks(http);
            JWTClaimsSet loginClaims = TestTokens.verify(login, jwks, Clock.systemUTC());
            SignedJWT loginJwt = SignedJWT.parse(login);
            Set<String> subjects = new HashSet<>();
            List<String> sessions = new ArrayList<>();
            for (String token : tokens) {
                JWTClaimsSet claims = TestTokens.verify(token, jwks, Clock.systemUTC());
                SignedJWT jwt = SignedJWT.parse(token);
                assertThat(jwt.getHeader().toJSONObject())
                        .isEqualTo(loginJwt.getHeader().toJSONObject());
                assertThat(claims.getClaims().keySet())
                        .isEqualTo(loginClaims.getClaims().keySet());
                assertThat(claims.getAudience()).isEqualTo(loginClaims.getAudience());
                assertThat(claims.getStringClaim("client_id")).isEqualTo(loginClaims.getStringClaim("client_id"));
                assertThat(claims.getStringListClaim("roles")).containsExactly("USER");
                assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
                assertThat(claims.getExpirationTime().getTime()
                                - claims.getIssueTime().getTime())
                        .isEqualTo(loginClaims.getExpirationTime().getTime()
                                - loginClaims.getIssueTime().getTime());
                subjects.add(claims.getSubject());
                sessions.add(claims.getStringClaim("sid"));
            }
            assertThat(subjects).hasSize(3).doesNotContain(loginClaims.getSubject());
            assertThat(new HashSet<>(sessions)).hasSize(3);
        }
    }

    @Test
    void tokensWhenCountOutOfRangeThenProblem() {
        try (ConfigurableApplicationContext context =
                start("--spring.profiles.active=" + BenchmarkConfiguration.PROFILE)) {
            TestHttp http = new TestHttp(portOf(context));

            for (String count : List.of("0", "-1", String.valueOf(BenchmarkTokenController.MAX_COUNT + 1))) {
                TestHttp.Response response =
                        http.get("/benchmark/tokens?count=" + count, TestPassports.HEADER, passport());
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.text("detail")).contains("count");
            }
        }
    }

    @Test
    void tokensWhenNoPassportThenUnauthorized() {
        try (ConfigurableApplicationContext context =
                start("--spring.profiles.active=" + BenchmarkConfiguration.PROFILE)) {
            TestHttp http = new TestHttp(portOf(context));

            TestHttp.Response response = http.get("/benchmark/tokens?count=1");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("eyJ");
        }
    }

    @Test
    void startWhenBenchmarkAndProdProfilesThenRefuses() {
        assertThatThrownBy(() -> start("--spring.profiles.active=" + BenchmarkConfiguration.PROFILE + ",prod")
                        .close())
                .hasStackTraceContaining("must never be active together with 'prod'");
    }

    private static ConfigurableApplicationContext start(String... extra) {
        TestDatabase database = PostgresTestServer.get().createDatabase("benchmark");
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--management.server.port=0",
                "--tessera.passport.secrets=" + AuthServiceTest.PASSPORT_SECRET,
                "--tessera.auth.keys.encryption-key=" + AuthServiceTest.TEST_KEK,
                "--tessera.auth.admin.password=" + AuthServiceTest.ADMIN_PASSWORD));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static String passport() {
        return TestPassports.anonymous("GET", "/benchmark/tokens");
    }

    private static int portOf(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
