package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** docs/threat-model.md section C: keys, with the JWKS served over real HTTP. */
@GatewayTest
class KeysTests extends GatewayTestSupport {

    @Test
    void unknownKidStormWhen1000RequestsThenJwksFetchesStayBounded() throws Exception {
        String[] parts = TestTokens.valid().split("\\.");
        int before = JWKS.hits();
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String header = TestTokens.header()
                    .keyID(UUID.randomUUID().toString())
                    .build()
                    .toBase64URL()
                    .toString();
            String token = header + "." + parts[1] + "." + parts[2];
            responses.add(gateway.sendAsync(request("/api/forum/threads")
                    .header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())));
            // A request with an unknown kid may wait for the next permitted fetch (up to the 1 s interval):
            // large batches keep the storm short.
            if (responses.size() >= 250) {
                for (CompletableFuture<HttpResponse<String>> response : responses) {
                    assertThat(response.get().statusCode()).isEqualTo(401);
                }
                responses.clear();
            }
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(401);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int fetches = JWKS.hits() - before;
        System.out.printf("Unknown-kid storm: 1000 requests in %.2f s caused %d JWKS fetches%n", seconds, fetches);
        // At most one fetch per minimum interval (1 s in tests), plus the one that may be in flight.
        assertThat(fetches).isLessThanOrEqualTo((int) Math.ceil(seconds) + 2);
        assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void authServiceDownWhenKeysCachedThenValidTokensStillPass() throws Exception {
        assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
        JWKS.respondWith(503, () -> "{}");
        try {
            Thread.sleep(1100); // past the minimum refetch interval: a refetch may happen and fail
            String unknown = TestTokens.sign(
                    TestTokens.header().keyID("not-there").build(),
                    TestTokens.claims().build());
            assertInvalidToken(protectedPost(unknown), unknown);
            for (int i = 0; i < 5; i++) {
                assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
            }
        } finally {
            JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
        }
    }

    @Test
    void newKidWhenPublishedThenAcceptedWithoutRestart() throws Exception {
        String rotated = TestTokens.sign(
                TestTokens.header().keyID(TestTokens.ROTATED_KEY.getKeyID()).build(),
                TestTokens.claims().build(),
                TestTokens.ROTATED_KEY);
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY, TestTokens.ROTATED_KEY));
        try {
            Thread.sleep(1100);
            assertThat(protectedPost(rotated).statusCode()).isEqualTo(200);
            assertThat(protectedPost(TestTokens.valid()).statusCode()).isEqualTo(200);
        } finally {
            JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
        }
    }

    @Test
    void newKidWhenPublishedJustAfterAFetchThenTheRequestWaitsForTheNextFetchInsteadOfBeingRefused() throws Exception {
        String unknown = TestTokens.sign(
                TestTokens.header().keyID("not-there").build(),
                TestTokens.claims().build());
        String rotated = TestTokens.sign(
                TestTokens.header().keyID(TestTokens.ROTATED_KEY.getKeyID()).build(),
                TestTokens.claims().build(),
                TestTokens.ROTATED_KEY);
        // A fetch now (for a kid nobody publishes): the minimum interval between fetches (1 s in tests) starts.
        assertInvalidToken(protectedPost(unknown), unknown);
        // An emergency rotation a moment later: tokens signed with the new key arrive at once.
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY, TestTokens.ROTATED_KEY));
        try {
            int before = JWKS.hits();

            assertThat(protectedPost(rotated).statusCode()).isEqualTo(200);
            assertThat(JWKS.hits() - before)
                    .as("one fetch, at the end of the interval")
                    .isEqualTo(1);
        } finally {
            JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
        }
    }
}
