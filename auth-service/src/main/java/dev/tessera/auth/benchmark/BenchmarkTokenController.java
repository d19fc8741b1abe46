package dev.tessera.auth.benchmark;

import dev.tessera.auth.account.AccountIdentity;
import dev.tessera.auth.token.AccessTokenIssuer;
import dev.tessera.auth.token.SignIn;
import dev.tessera.auth.web.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /benchmark/tokens?count=N} (profile {@code benchmark} only, see {@link BenchmarkConfiguration}): N
 * access tokens for N synthetic users, one per line ({@code text/plain}), so that benchmarks/load can replay a
 * population of 100,000 users without 100,000 argon2id logins. Each token comes from {@link AccessTokenIssuer},
 * the code a login uses (same key, header and claims): subject a fresh UUID, {@code preferred_username}
 * {@code bench-<i>}, role {@code USER}, {@code amr ["pwd"]}, its own session id. The users and sessions exist
 * nowhere else (no account row, no refresh family): the gateway, which never looks either up, accepts the tokens
 * as login tokens until they expire; revoking them is neither needed nor possible.
 *
 * <p>The path is outside {@code /auth}, so the gateway's routes never reach it, and it is not a passport-exempt
 * path: a request needs a valid passport for auth-service (any caller, anonymous too), i.e. whoever calls it holds
 * auth-service's passport key, as benchmarks/load does (it mints one with {@code MintPassport}). Signing is spread
 * over the common fork-join pool in chunks and written in order; the response is written synchronously (an async request would
 * time out on a large count).
 */
@RestController
@Profile(BenchmarkConfiguration.PROFILE)
class BenchmarkTokenController {

    /** A million RS256 signatures take minutes; more is a typo. */
    static final int MAX_COUNT = 1_000_000;

    private static final int CHUNK = 1_000;

    private static final Set<String> ROLES = Set.of("USER");

    private final AccessTokenIssuer issuer;

    private final Clock clock;

    BenchmarkTokenController(AccessTokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    @GetMapping(path = "/benchmark/tokens")
    void tokens(@RequestParam(name = "count", defaultValue = "1") int count, HttpServletResponse response)
            throws IOException {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidCountException();
        }
        SignIn signIn = SignIn.password(this.clock.instant());
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        response.setCharacterEncoding(StandardCharsets.US_ASCII.name());
        response.setHeader("Cache-Control", "no-store");
        Writer out = response.getWriter();
        for (int start = 0; start < count; start += CHUNK) {
            List<String> tokens = IntStream.range(start, Math.min(start + CHUNK, count))
                    .parallel()
                    .mapToObj(i -> this.issuer
                            .issue(
                                    new AccountIdentity(UUID.randomUUID(), "bench-" + i, ROLES),
                                    UUID.randomUUID(),
                                    signIn)
                            .value())
                    .toList();
            for (String token : tokens) {
                out.write(token);
                out.write('\n');
            }
        }
        out.flush();
    }

    static final class InvalidCountException extends ProblemException {

        private static final long serialVersionUID = 1L;

        InvalidCountException() {
            super(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "count: must be between 1 and " + MAX_COUNT);
        }
    }
}
