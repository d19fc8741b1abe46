package dev.tessera.benchmarks;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import java.util.List;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The passport's cost: minting one at the gateway (every routed request) and verifying it in a
 * downstream service (every request there). Both are HMAC-SHA256 over a few hundred bytes. With {@code
 * permissions} the caller carries that many {@code perm} entries (the route namespace's permissions; a passport
 * carries at most 64), named like the forum's ({@code forum:permission-00}).
 */
public class PassportBenchmarks extends BenchmarkFixture {

    /** How many permissions the caller's passport carries in {@code perm}. */
    @Param({"0", "10"})
    public int permissions;

    private PassportSigner signer;

    private PassportVerifier verifier;

    private Passport caller;

    private String passport;

    @Setup
    public void setUp() {
        PassportSecrets secrets = PassportSecrets.of(List.of(randomSecret()));
        this.signer = new PassportSigner(secrets);
        this.verifier = new PassportVerifier(secrets, "forum-service");
        this.caller = randomCaller()
                .withPermissions(IntStream.range(0, permissions)
                        .mapToObj(i -> "forum:permission-%02d".formatted(i))
                        .toList());
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
