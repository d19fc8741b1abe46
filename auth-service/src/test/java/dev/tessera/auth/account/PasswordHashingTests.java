package dev.tessera.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordHashingTests {

    @Test
    void hashWhenEverySlotIsBusyThenFailsFastAndSlotIsReusableAfterwards() throws Exception {
        AtomicBoolean block = new AtomicBoolean();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordEncoder encoder = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                if (block.get()) {
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "{noop}" + raw;
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return encoded.equals("{noop}" + raw);
            }
        };
        PasswordHashing hashing = new PasswordHashing(
                new HashingProperties(1, Duration.ofMillis(100)), encoder, new SimpleMeterRegistry());
        block.set(true);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> hashing.hash("first"));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        assertThatThrownBy(() -> hashing.hash("second")).isInstanceOf(HashingBusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        block.set(false);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("{noop}first");
        assertThat(hashing.hash("third")).isEqualTo("{noop}third");
    }

    @Test
    void hashWhenDoneThenItsWallTimeAndTheHashingThreadsCpuRecorded() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PasswordHashing hashing = new PasswordHashing(
                new HashingProperties(1, Duration.ofSeconds(5)), PasswordHashing.defaultEncoder(1), meters);
        Timer time = meters.get("tessera.auth.password.hash").timer();
        Counter cpu = meters.get("tessera.auth.password.hash.cpu").counter();
        long hashesAtStart = time.count(); // the constructor hashes its dummy password

        String stored = hashing.hash("metered password");
        assertThat(hashing.matches("metered password", stored)).isTrue();

        assertThat(time.count()).isEqualTo(hashesAtStart + 2);
        // An argon2id hash with 19 MiB and two passes is real work on the calling thread, never free, and one
        // thread cannot spend more CPU than the wall time it ran for.
        assertThat(cpu.count()).isPositive();
        assertThat(cpu.count()).isLessThanOrEqualTo(time.totalTime(TimeUnit.SECONDS) + 0.01);
    }

    @Test
    void defaultEncoderWhenHashingThenArgon2idWithOwaspParametersAndFullPasswordChecked() {
        PasswordEncoder encoder = PasswordHashing.defaultEncoder(1);
        String password = "y".repeat(127) + "1";
        int rounds = 5;
        long started = System.nanoTime();
        String hash = null;
        for (int i = 0; i < rounds; i++) {
            hash = encoder.encode(password);
        }
        long hashMicros = (System.nanoTime() - started) / 1000 / rounds;
        started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            assertThat(encoder.matches(password, hash)).isTrue();
        }
        long verifyMicros = (System.nanoTime() - started) / 1000 / rounds;
        System.out.printf("argon2id m=19456 t=2 p=1: hash %d us, verify %d us%n", hashMicros, verifyMicros);

        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(encoder.matches("y".repeat(127) + "2", hash)).isFalse();
        assertThat(encoder.upgradeEncoding(hash)).isFalse();
    }
}
