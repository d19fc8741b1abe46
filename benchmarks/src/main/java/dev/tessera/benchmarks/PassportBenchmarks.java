package dev.tessera.benchmarks;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The passport's cost: minting one at the gateway (every routed request) and verifying it in a
 * downstream service (every request there). Both are HMAC-SHA256 over a few hundred bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PassportBenchmarks {

    private PassportSigner signer;

    private PassportVerifier verifier;

    private Passport caller;

    private String passport;

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        PassportSecrets secrets = PassportSecrets.of(List.of(Base64.getEncoder().encodeToString(secret)));
        this.signer = new PassportSigner(secrets);
        this.verifier = new PassportVerifier(secrets, "forum-service");
        this.caller = Passport.caller(
                UUID.randomUUID().toString(),
                "ada",
                Set.of("USER"),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        this.passport = mint();
    }

    @Benchmark
    public String mint() {
        return this.signer.sign(this.caller, "forum-service", "POST", "/threads");
    }

    @Benchmark
    public Passport verify() throws PassportException {
        return this.verifier.verify(this.passport, "POST", "/threads");
    }
}
