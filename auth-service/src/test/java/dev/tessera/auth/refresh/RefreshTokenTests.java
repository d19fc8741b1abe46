package dev.tessera.auth.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestTokens;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

@TimeTravelTest
class RefreshTokenTests {

    private static final String PASSWORD = "refresh-tests-password";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RefreshTokenService service;

    TestHttp http;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("refresh");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void refreshWhenValidThenNewPairAndOldTokenRetiredAfterGrace() throws Exception {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String first = login.text("refresh_token");

        TestHttp.Response refreshed = this.flows.refresh(first);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
        String second = refreshed.text("refresh_token");
        assertThat(second).isNotEqualTo(first).hasSize(43);
        assertThat(refreshed.text("access_token")).isNotEqualTo(login.text("access_token"));
        var claims = TestTokens.verify(refreshed.text("access_token"), TestTokens.fetchJwks(this.http), this.clock);
        var loginClaims = TestTokens.verify(login.text("access_token"), TestTokens.fetchJwks(this.http), this.clock);
        assertThat(claims.getStringClaim("sid")).isEqualTo(loginClaims.getStringClaim("sid"));

        this.clock.advance(Duration.ofSeconds(11));
        assertThat(this.flows.refresh(second).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenRetriedWithinGraceThenSameSuccessorPair() {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        TestHttp.Response a = this.flows.refresh(first);
        this.clock.advance(Duration.ofSeconds(5));
        TestHttp.Response b = this.flows.refresh(first);

        assertThat(b.status()).isEqualTo(200);
        assertThat(b.text("refresh_token")).isEqualTo(a.text("refresh_token"));
        assertThat(b.text("access_token")).isEqualTo(a.text("access_token"));
        assertThat(this.flows.refresh(b.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenTokenReusedAfterGraceThenFamilyRevoked() {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String second = this.flows.refresh(first).text("refresh_token");
        this.clock.advance(Duration.ofSeconds(11));

        TestHttp.Response reuse = this.flows.refresh(first);
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reuse.text("type")).isEqualTo("urn:tessera:problem:invalid-refresh-token");
        // The legitimate holder's token dies with the family.
        assertThat(this.flows.refresh(second).status()).isEqualTo(401);
        assertThat(familyRevocationReason(second)).isEqualTo("REUSE_DETECTED");
    }

    @Test
    void refreshWhenRotatedTokenPresentedAfterSuccessorMovedOnThenFamilyRevoked() {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String second = this.flows.refresh(first).text("refresh_token");
        String third = this.flows.refresh(second).text("refresh_token");

        assertThat(this.flows.refresh(first).status()).isEqualTo(401);
        assertThat(this.flows.refresh(third).status()).isEqualTo(401);
    }

    @Test
    void refreshWhenIdleLongerThanIdleLifetimeThenRefused() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        this.clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(this.flows.refresh(token).status()).isEqualTo(401);
    }

    @Test
    void refreshWhenUsedWithinIdleLifetimeThenWorksUntilAbsoluteLifetime() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        for (int day = 6; day <= 24; day += 6) {
            this.clock.advance(Duration.ofDays(6));
            TestHttp.Response response = this.flows.refresh(token);
            assertThat(response.status()).as("day " + day).isEqualTo(200);
            token = response.text("refresh_token");
        }
        this.clock.advance(Duration.ofDays(6).plusSeconds(1));
        // Day 30 plus a second: idle lifetime would allow it, the absolute lifetime does not.
        assertThat(this.flows.refresh(token).status()).isEqualTo(401);
    }

    @Test
    void refreshWhenTenParallelRequestsThenExactlyOneLiveSuccessor() throws Exception {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        int parallel = 10;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TestHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                Callable<TestHttp.Response> call = () -> {
                    start.await();
                    return this.flows.refresh(first);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> future : futures) {
                responses.add(future.get());
            }
            assertThat(responses)
                    .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            Set<String> successors =
                    responses.stream().map(r -> r.text("refresh_token")).collect(Collectors.toSet());
            assertThat(successors).hasSize(1);
            UUID family = familyOf(first);
            assertThat(this.jdbc
                            .sql("SELECT count(*) FROM refresh_token WHERE family_id = ? AND rotated_at IS NULL")
                            .param(family)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refreshWhenSuccessorCannotBeStoredThenNothingHalfWrittenAndTheSameTokenRotatesOnceLater() {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        UUID family = familyOf(first);
        String suffix = family.toString().replace("-", "");
        // docs/threat-model.md I5: the rotation's second write (the successor) fails after its first
        // (marking the presented token rotated) went through inside the same transaction.
        this.jdbc
                .sql("CREATE FUNCTION refuse_successor_" + suffix + "() RETURNS trigger AS $$ BEGIN"
                        + " IF NEW.family_id = '" + family + "' THEN RAISE EXCEPTION 'refused by test'; END IF;"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql")
                .update();
        this.jdbc
                .sql("CREATE TRIGGER refuse_successor_" + suffix + " BEFORE INSERT ON refresh_token"
                        + " FOR EACH ROW EXECUTE FUNCTION refuse_successor_" + suffix + "()")
                .update();
        try {
            TestHttp.Response failed = this.flows.refresh(first);
            assertThat(failed.status()).as(failed.toString()).isGreaterThanOrEqualTo(500);
            assertThat(failed.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(failed.body()).doesNotContain("refused by test");
        } finally {
            this.jdbc
                    .sql("DROP TRIGGER refuse_successor_" + suffix + " ON refresh_token")
                    .update();
            this.jdbc.sql("DROP FUNCTION refuse_successor_" + suffix + "()").update();
        }

        // Nothing half-written: the presented token is still the family's one live token, unrotated,
        // and the family is not revoked, so the client's retry is an ordinary first rotation.
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_token WHERE family_id = ?")
                        .param(family)
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
        assertThat(sealedOf(first)).isFalse();
        assertThat(this.jdbc
                        .sql("SELECT revoked_at IS NULL FROM refresh_family WHERE id = ?")
                        .param(family)
                        .query(Boolean.class)
                        .single())
                .as("the family is not revoked")
                .isTrue();
        TestHttp.Response retried = this.flows.refresh(first);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(this.flows.refresh(first).text("refresh_token"))
                .as("a second retry within the grace window gets the same successor, not a reuse verdict")
                .isEqualTo(retried.text("refresh_token"));
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_token WHERE family_id = ? AND rotated_at IS NULL")
                        .param(family)
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
        assertThat(this.flows.refresh(retried.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void databaseWhenASecondLiveTokenIsInsertedIntoAFamilyThenRefused() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        UUID family = familyOf(token);

        assertThatThrownBy(() -> this.jdbc
                        .sql("INSERT INTO refresh_token (id, family_id, token_hash, created_at,"
                                + " expires_at) VALUES (?, ?, ?, now(), now() + interval '1 day')")
                        .params(UUID.randomUUID(), family, RefreshTokenValues.hash(RefreshTokenValues.generate()))
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("refresh_token_one_live_per_family");
    }

    @Test
    void refreshTokenWhenStoredThenOnlyItsSha256IsKept() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        byte[] hash = RefreshTokenValues.hash(token);

        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_token WHERE token_hash = ?")
                        .param(hash)
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
        String dump = this.jdbc
                .sql("SELECT string_agg(t::text, '|') FROM refresh_token t")
                .query(String.class)
                .single();
        assertThat(dump).doesNotContain(token).doesNotContain(HexFormat.of().formatHex(token.getBytes()));
    }

    @Test
    void sealedSuccessorWhenGraceOverThenForgotten() {
        String first = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        this.flows.refresh(first);
        assertThat(sealedOf(first)).isTrue();

        this.clock.advance(Duration.ofSeconds(11));
        this.service.cleanUp();

        assertThat(sealedOf(first)).isFalse();
    }

    @Test
    void cleanUpWhenFamilyEndedMoreThanADayAgoThenFamilyAndTokensDeleted() {
        String ended = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String rotatedAway = this.flows.refresh(ended).text("refresh_token");
        UUID endedFamily = familyOf(ended);
        this.flows.logout(rotatedAway);
        String live = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");

        this.clock.advance(Duration.ofDays(1).plusMinutes(1));
        this.service.cleanUp();

        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_family WHERE id = ?")
                        .param(endedFamily)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM refresh_token WHERE family_id = ?")
                        .param(endedFamily)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(this.flows.refresh(live).status()).isEqualTo(200);
    }

    @Test
    void logoutWhenCalledThenFamilyRevokedAndRepeatable() {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);
        String token = login.text("refresh_token");

        assertThat(this.flows.logout(token).status()).isEqualTo(204);
        assertThat(this.flows.refresh(token).status()).isEqualTo(401);
        assertThat(this.flows.logout(token).status()).isEqualTo(204);
        assertThat(familyRevocationReason(token)).isEqualTo("LOGOUT");
    }

    @Test
    void logoutWhenTokenUnknownOrMalformedThen204() {
        assertThat(this.flows.logout(RefreshTokenValues.generate()).status()).isEqualTo(204);
        assertThat(this.flows.logout("not a token' OR '1'='1").status()).isEqualTo(204);
    }

    @Test
    void refreshWhenAccessTokenOrGarbagePresentedThenRefused() {
        TestHttp.Response login = this.flows.loggedIn(this.username, PASSWORD);

        assertThat(this.flows.refresh(login.text("access_token")).status()).isEqualTo(401);
        assertThat(this.flows.refresh("x'; SELECT pg_sleep(5); --").status()).isEqualTo(401);
        assertThat(this.flows.refresh(RefreshTokenValues.generate()).status()).isEqualTo(401);
    }

    @Test
    void refreshWhenAccountDisabledThenRefusedAndFamilyRevoked() {
        String token = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        this.jdbc
                .sql("UPDATE account SET enabled = false WHERE username = ?")
                .param(this.username)
                .update();

        assertThat(this.flows.refresh(token).status()).isEqualTo(401);
        assertThat(familyRevocationReason(token)).isEqualTo("ACCOUNT_DISABLED");
    }

    @Test
    void loginWhenRepeatedThenEachLoginStartsItsOwnFamily() {
        String a = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");
        String b = this.flows.loggedIn(this.username, PASSWORD).text("refresh_token");

        assertThat(familyOf(a)).isNotEqualTo(familyOf(b));
        this.flows.logout(a);
        assertThat(this.flows.refresh(b).status()).isEqualTo(200);
    }

    private UUID familyOf(String token) {
        return this.jdbc
                .sql("SELECT family_id FROM refresh_token WHERE token_hash = ?")
                .param(RefreshTokenValues.hash(token))
                .query(UUID.class)
                .single();
    }

    private String familyRevocationReason(String token) {
        return this.jdbc
                .sql("SELECT revoked_reason FROM refresh_family WHERE id = ?")
                .param(familyOf(token))
                .query(String.class)
                .single();
    }

    private boolean sealedOf(String token) {
        return this.jdbc
                .sql("SELECT successor_sealed IS NOT NULL FROM refresh_token WHERE token_hash = ?")
                .param(RefreshTokenValues.hash(token))
                .query(Boolean.class)
                .single();
    }
}
