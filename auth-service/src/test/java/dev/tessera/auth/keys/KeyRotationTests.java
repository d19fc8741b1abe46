package dev.tessera.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestTokens;
import dev.tessera.auth.TimeTravelTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@TimeTravelTest
class KeyRotationTests {

    private static final String PASSWORD = "rotation-tests-password";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    KeyRotation rotation;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("rotation");
        this.flows.registered(this.username, PASSWORD);
    }

    @Test
    void rotationWhenDueThenNewKeyPublishedFirstSignsLaterAndOldKeyRetiresAfterItsTokensExpire() throws Exception {
        String initialKid = this.rotation.rotateNow(true);
        String oldToken = accessToken();
        assertThat(kidOf(oldToken)).isEqualTo(initialKid);

        // One lead time before the rotation is due: the next key is published, not yet signing.
        this.clock.advance(Duration.ofDays(30).minus(Duration.ofHours(1)).plusSeconds(1));
        this.rotation.rotateIfDue();
        JWKSet published = TestTokens.fetchJwks(this.http);
        assertThat(published.getKeys()).hasSize(2);
        String nextKid = published.getKeys().stream()
                .map(JWK::getKeyID)
                .filter(kid -> !kid.equals(initialKid))
                .findFirst()
                .orElseThrow();
        assertThat(kidOf(accessToken())).isEqualTo(initialKid);
        assertThat(auditDetails("KEY_PUBLISHED"))
                .anySatisfy(detail -> assertThat(detail).startsWith("kid " + nextKid + " (RS256, scheduled)"));
        this.clock.advance(Duration.ofMinutes(59));
        String stillOld = accessToken();
        assertThat(kidOf(stillOld)).isEqualTo(initialKid);

        // The new key signs; tokens of the old key still verify from the fetched JWKS.
        this.clock.advance(Duration.ofMinutes(1));
        String newToken = accessToken();
        assertThat(kidOf(newToken)).isEqualTo(nextKid);
        JWKSet both = TestTokens.fetchJwks(this.http);
        TestTokens.verify(newToken, both, this.clock);
        TestTokens.verify(stillOld, both, this.clock);

        // Once every old token has expired (5 min + 60 s skew), the old key disappears.
        this.clock.advance(Duration.ofMinutes(6).plusSeconds(1));
        this.rotation.rotateIfDue();
        JWKSet after = TestTokens.fetchJwks(this.http);
        assertThat(after.getKeys()).extracting(JWK::getKeyID).containsExactly(nextKid);
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM signing_key WHERE kid = ?")
                        .param(initialKid)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(auditDetails("KEY_RETIRED")).contains("kid " + initialKid);
    }

    @Test
    void rotateNowWhenCalledThenNewKidSignsAtOnceAndOldTokensStillVerify() throws Exception {
        this.rotation.rotateNow(true);
        String before = accessToken();

        String kid = this.rotation.rotateNow(false);

        String after = accessToken();
        assertThat(kidOf(after)).isEqualTo(kid).isNotEqualTo(kidOf(before));
        JWKSet jwks = TestTokens.fetchJwks(this.http);
        TestTokens.verify(before, jwks, this.clock);
        TestTokens.verify(after, jwks, this.clock);
    }

    @Test
    void rotateNowWhenDiscardingPreviousThenOldTokensNoLongerVerify() throws Exception {
        String before = accessToken();

        this.rotation.rotateNow(true);

        JWKSet jwks = TestTokens.fetchJwks(this.http);
        assertThat(jwks.getKeys()).hasSize(1);
        // Refused for want of its key, not for any other reason (expiry, claims).
        assertThatThrownBy(() -> TestTokens.verify(before, jwks, this.clock))
                .isInstanceOf(com.nimbusds.jose.proc.BadJOSEException.class)
                .hasMessageContaining("no matching key(s) found");
    }

    @Test
    void rotateIfDueWhenCalledByManyReplicasAtOnceThenOneKeyIsCreated() throws Exception {
        this.rotation.rotateNow(true);
        this.clock.advance(Duration.ofDays(30));
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    this.rotation.rotateIfDue();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM signing_key")
                        .query(Long.class)
                        .single())
                .isEqualTo(2L);
        String newKid = this.jdbc
                .sql("SELECT kid FROM signing_key ORDER BY activates_at DESC LIMIT 1")
                .query(String.class)
                .single();
        assertThat(auditDetails("KEY_PUBLISHED"))
                .filteredOn(detail -> detail.startsWith("kid " + newKid + " "))
                .hasSize(1);
    }

    @Test
    void jwksWhenFetchedThenPublicSigningKeysOnlyWithCacheControl() throws Exception {
        TestHttp.Response response = this.http.get("/.well-known/jwks.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("max-age=300, public");
        JWKSet jwks = JWKSet.parse(response.body());
        assertThat(jwks.getKeys()).isNotEmpty().allSatisfy(jwk -> {
            assertThat(jwk.isPrivate()).isFalse();
            assertThat(jwk.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(jwk.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(jwk.getKeyID()).isNotBlank();
            assertThat(jwk.toRSAKey().size()).isGreaterThanOrEqualTo(2048);
        });
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"qi\"");
    }

    @Test
    void privateKeysWhenStoredThenSealedNotInClear() {
        List<byte[]> sealed = this.jdbc
                .sql("SELECT private_key_sealed FROM signing_key")
                .query(byte[].class)
                .list();
        assertThat(sealed).isNotEmpty().allSatisfy(bytes -> {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("\"d\"").doesNotContain("RSA").doesNotContain("kty");
        });
    }

    @Test
    void authorizationServerMetadataWhenFetchedThenPublicIssuerAndJwksUri() {
        TestHttp.Response response = this.http.get("/.well-known/oauth-authorization-server");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("issuer")).isEqualTo("http://localhost:8080");
        assertThat(response.text("jwks_uri")).isEqualTo("http://localhost:8080/.well-known/jwks.json");
        assertThat(response.text("tessera_login_endpoint")).isEqualTo("http://localhost:8080/api/auth/login");
    }

    /** Details of the audit events of one type, newest first. */
    private List<String> auditDetails(String type) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE type = ? ORDER BY id DESC")
                .param(type)
                .query(String.class)
                .list();
    }

    private String accessToken() {
        return this.flows.loggedIn(this.username, PASSWORD).text("access_token");
    }

    private static String kidOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
