package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The gateway never sends a request on a pooled upstream connection that has been idle longer than its upstreams keep
 * connections open (auth-service closes them after 5 s): a request written just as the upstream closes the idle
 * connection is lost (no answer, 502), which turned a clean-clone CI run red once (a registration after a pause).
 *
 * <p>The upstream here answers the first request on a connection and closes it without an answer on the second, the
 * way that race ends; the second request comes after the gateway's idle limit, so it must go on a new connection.
 */
@GatewayTest
class UpstreamConnectionReuseTests extends GatewayTestSupport {

    @Test
    void requestWhenThePooledConnectionIdledLongerThanTheLimitThenANewConnectionCarriesIt() throws Exception {
        assertThat(get("/api/probe/first", null).statusCode()).isEqualTo(200);

        Thread.sleep(2_600); // beyond the pool's max-idle-time (2 s), below auth-service's keep-alive (5 s)

        HttpResponse<String> second = get("/api/probe/second", null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(StubUpstreams.PROBE.connections()).isEqualTo(2);
    }
}
