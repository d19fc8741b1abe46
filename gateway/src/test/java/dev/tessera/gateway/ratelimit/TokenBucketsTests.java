package dev.tessera.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Burst, refill, refund, the key bound and the client keys, on a ticker the test moves by hand. */
class TokenBucketsTests {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private final Ticker ticker = now::get;

    /** 3 tokens, one back per second. */
    private TokenBuckets buckets(int maxKeys) {
        return new TokenBuckets(3, Duration.ofSeconds(3), maxKeys, ticker);
    }

    @Test
    void tryAcquireWhenBurstOfCapacityThenAllAllowedAndTheNextWaitsOneInterval() {
        TokenBuckets buckets = buckets(100);

        assertThat(buckets.tryAcquire("192.0.2.1")).isZero();
        assertThat(buckets.tryAcquire("192.0.2.1")).isZero();
        assertThat(buckets.tryAcquire("192.0.2.1")).isZero();

        assertThat(buckets.tryAcquire("192.0.2.1")).isEqualTo(SECOND);
    }

    @Test
    void tryAcquireWhenOneIntervalPassesThenExactlyOneTokenMore() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("192.0.2.1");
        }

        now.addAndGet(SECOND - 1);
        assertThat(buckets.tryAcquire("192.0.2.1")).isEqualTo(1);

        now.addAndGet(1);
        assertThat(buckets.tryAcquire("192.0.2.1")).isZero();
        assertThat(buckets.tryAcquire("192.0.2.1")).isEqualTo(SECOND);
    }

    @Test
    void tryAcquireWhenIdleLongerThanARefillThenBurstStillCappedAtCapacity() {
        TokenBuckets buckets = buckets(100);
        buckets.tryAcquire("192.0.2.1");

        // Five intervals' worth of refill while the bucket is still remembered (idle just under a period).
        now.addAndGet(3 * SECOND - 1);

        int allowed = 0;
        while (buckets.tryAcquire("192.0.2.1") == 0 && allowed < 100) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void refundWhenTokenGivenBackThenItCanBeTakenAgain() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("192.0.2.1");
        }

        buckets.refund("192.0.2.1");

        assertThat(buckets.tryAcquire("192.0.2.1")).isZero();
        assertThat(buckets.tryAcquire("192.0.2.1")).isPositive();
    }

    @Test
    void tryAcquireWhenFloodOfDistinctClientsThenBucketsStayWithinBound() {
        TokenBuckets buckets = buckets(100);

        for (int i = 0; i < 20_000; i++) {
            assertThat(buckets.tryAcquire("10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF)))
                    .isZero();
        }

        assertThat(buckets.size()).isBetween(1L, 100L);
    }

    @Test
    void tryAcquireWhenBucketIdleForAPeriodThenForgottenAndFullAgain() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("192.0.2.1");
        }
        assertThat(buckets.size()).isEqualTo(1);

        now.addAndGet(3 * SECOND);

        assertThat(buckets.size()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryAcquire("192.0.2.1")).isZero();
        }
        assertThat(buckets.tryAcquire("192.0.2.1")).isPositive();
    }

    @Test
    void tryAcquireWhenIpv6AddressesShareA64ThenOneBucket() {
        TokenBuckets buckets = buckets(100);

        assertThat(buckets.tryAcquire("2001:db8:1:2:0:0:0:1")).isZero();
        assertThat(buckets.tryAcquire("2001:db8:1:2:ffff:ffff:ffff:ffff")).isZero();
        assertThat(buckets.tryAcquire("2001:db8:1:2:abcd::9%eth0")).isZero();

        assertThat(buckets.tryAcquire("2001:db8:1:2:1234:0:0:1")).isPositive();
        assertThat(buckets.tryAcquire("2001:db8:1:3:0:0:0:1"))
                .as("the next /64 is another client")
                .isZero();
    }

    @Test
    void tryAcquireWhenIpv4NeighboursThenOneBucketEach() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 3; i++) {
            buckets.tryAcquire("192.0.2.1");
        }

        assertThat(buckets.tryAcquire("192.0.2.1")).isPositive();
        assertThat(buckets.tryAcquire("192.0.2.2")).isZero();
        assertThat(buckets.tryAcquire("192.0.3.1")).isZero();
    }

    @Test
    void keyOfWhenAddressesThenIpv6By64AndOthersUnchanged() {
        assertThat(TokenBuckets.keyOf("2001:db8:0:0:1:2:3:4")).isEqualTo("2001:db8:0:0::/64");
        assertThat(TokenBuckets.keyOf("2001:DB8::1")).isEqualTo("2001:db8:0:0::/64");
        assertThat(TokenBuckets.keyOf("fe80:0:0:0:1:2:3:4%2")).isEqualTo("fe80:0:0:0::/64");
        assertThat(TokenBuckets.keyOf("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(TokenBuckets.keyOf("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(TokenBuckets.keyOf("unknown")).isEqualTo("unknown");
    }
}
