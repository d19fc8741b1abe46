package dev.tessera.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The passport test vectors of {@code docs/passport-vectors.json}, which other implementations (see
 * {@code interop/node-passport}) are checked against, and which {@code docs/passport.md} refers to.
 *
 * <p>Every vector in the committed file is verified with the real {@link PassportVerifier} and must give the
 * outcome the file states. The file is also compared with what this class generates now, with the real
 * {@link PassportSigner} for well-formed passports and by hand (HMAC over hand-written JSON) for what the signer
 * refuses to produce; a difference fails the test as "out of date". Regenerating is an explicit command, never
 * a side effect of a test run:
 *
 * <pre>./mvnw -B -ntp -pl passport -am test -Dtest=PassportVectorsTests -Dsurefire.failIfNoSpecifiedTests=false -Dtessera.passport.vectors.write=true</pre>
 *
 * <p>The signer draws a random {@code jti}, so its passports (and their signatures) differ on every run: the
 * comparison decodes each token and ignores {@code jti}, the signature and the order of {@code roles} (a set).
 */
class PassportVectorsTests {

    static final String REGENERATE = "./mvnw -B -ntp -pl passport -am test -Dtest=PassportVectorsTests"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dtessera.passport.vectors.write=true";

    private static final Path FILE = Path.of(System.getProperty("user.dir"))
            .resolve("../docs/passport-vectors.json")
            .normalize();

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final String AUDIENCE = "forum-service";

    private static final Duration SKEW = Duration.ofSeconds(5);

    /** Test-only secrets, published here: never configure them anywhere. */
    private static final String FORUM_CURRENT = base64("tessera-test-vectors-only: forum-service key 2");

    private static final String FORUM_PREVIOUS = base64("tessera-test-vectors-only: forum-service key 1");

    private static final String AUTH_SERVICE = base64("tessera-test-vectors-only: auth-service key 1");

    private static final Passport ALICE = Passport.caller(
            "3f1c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a3b",
            "alice",
            Set.of("USER", "MODERATOR"),
            "7d2e9c41-0b6a-4f3e-8c5d-1a2b3c4d5e6f",
            "c0ffee00-1234-4abc-9def-0123456789ab");

    /** Alice after a login with a second factor: the access token's amr and auth_time travel in the passport. */
    private static final Passport ALICE_WITH_OTP = Passport.caller(
            "3f1c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a3b",
            "alice",
            Set.of("USER"),
            "7d2e9c41-0b6a-4f3e-8c5d-1a2b3c4d5e6f",
            "c0ffee00-1234-4abc-9def-0123456789ab",
            List.of("pwd", "otp"),
            Instant.parse("2026-03-01T11:50:00Z"));

    /** Alice as a moderator: the gateway found forum-service's permissions of her roles in the policy. */
    private static final Passport ALICE_WITH_PERMISSIONS =
            ALICE.withPermissions(List.of("forum:post", "forum:moderate"));

    private static final Passport ANONYMOUS = Passport.anonymous(null, null, null);

    @Test
    @DisabledIfSystemProperty(named = "tessera.passport.vectors.write", matches = "true")
    void vectorsWhenVerifiedByThePassportVerifierThenGiveTheStatedOutcome() throws Exception {
        Map<String, Object> file = JSONObjectUtils.parse(Files.readString(FILE));
        Map<String, Object> config = JSONObjectUtils.getJSONObject(file, "verifier");
        PassportVerifier verifier = new PassportVerifier(
                PassportSecrets.of(JSONObjectUtils.getStringList(config, "secrets")),
                JSONObjectUtils.getString(config, "audience"),
                Clock.fixed(Instant.ofEpochSecond(JSONObjectUtils.getLong(config, "now")), ZoneOffset.UTC),
                Duration.ofSeconds(JSONObjectUtils.getLong(config, "clockSkewSeconds")));
        List<Object> vectors = JSONObjectUtils.getJSONArray(file, "vectors");
        assertThat(vectors).hasSizeGreaterThan(30);
        for (Object item : vectors) {
            @SuppressWarnings("unchecked")
            Map<String, Object> vector = (Map<String, Object>) item;
            Map<String, Object> outcome = outcome(
                    verifier, (String) vector.get("token"), (String) vector.get("method"), (String) vector.get("path"));
            assertThat(reparse(outcome))
                    .as("vector %s: %s", vector.get("name"), vector.get("description"))
                    .isEqualTo(vector.get("expect"));
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "tessera.passport.vectors.write", matches = "true")
    void vectorsWhenComparedWithTheSignerOfTodayThenUpToDate() throws Exception {
        Map<String, Object> committed = normalize(JSONObjectUtils.parse(Files.readString(FILE)));
        Map<String, Object> generated = normalize(JSONObjectUtils.parse(Json.pretty(generate())));
        if (!committed.equals(generated)) {
            fail(FILE + " is out of date (the signer, the verifier or this generator changed): regenerate it with "
                    + REGENERATE + " and review the diff.\nDiffering entries: " + differences(committed, generated));
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "tessera.passport.vectors.write", matches = "true")
    void writeVectors() throws Exception {
        Files.writeString(FILE, Json.pretty(generate()) + "\n");
    }

    private static Map<String, Object> generate() throws GeneralSecurityException, java.text.ParseException {
        Vectors v = new Vectors();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put(
                "about",
                "Test vectors for the Tessera passport (docs/passport.md). Verify each token with the 'verifier'"
                        + " settings, for the request 'method' and 'path' (the raw path the service received, without"
                        + " query), and compare with 'expect'. The secrets are test-only: never configure them.");
        file.put("regenerate", REGENERATE);
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("forum-current", key(FORUM_CURRENT, "forum-service's key, first: the gateway signs with it"));
        keys.put("forum-previous", key(FORUM_PREVIOUS, "forum-service's previous key, second: still verifies"));
        keys.put("auth-service", key(AUTH_SERVICE, "auth-service's key: forum-service does not hold it"));
        file.put("keys", keys);
        Map<String, Object> verifier = new LinkedHashMap<>();
        verifier.put("audience", AUDIENCE);
        verifier.put("secrets", List.of(FORUM_CURRENT, FORUM_PREVIOUS));
        verifier.put("now", NOW.getEpochSecond());
        verifier.put("nowUtc", NOW.toString());
        verifier.put("clockSkewSeconds", SKEW.toSeconds());
        verifier.put("maxLength", (long) PassportVerifier.MAX_LENGTH);
        verifier.put("maxLifetimeSeconds", PassportVerifier.MAX_LIFETIME.toSeconds());
        file.put("verifier", verifier);
        List<Object> bindings = new ArrayList<>();
        for (String[] request : new String[][] {
            {"GET", "/threads"}, {"POST", "/threads/42/posts"}, {"get", "/threads"}, {"GET", "/threads/a%2Fb"}
        }) {
            Map<String, Object> binding = new LinkedHashMap<>();
            binding.put("method", request[0]);
            binding.put("path", request[1]);
            binding.put("req", RequestBinding.of(request[0], request[1]));
            bindings.add(binding);
        }
        file.put("bindings", bindings);
        file.put("vectors", v.all());
        return file;
    }

    /** The vectors, in the order of the spec's sections: accepted, then refused by verification step. */
    private static final class Vectors {

        private final List<Object> all = new ArrayList<>();

        List<Object> all() throws GeneralSecurityException, java.text.ParseException {
            long now = NOW.getEpochSecond();
            String post = "/threads/42/posts";
            String alice = signer(FORUM_CURRENT, -10, 30).sign(ALICE, AUDIENCE, "POST", post);

            // Accepted.
            accepted(
                    "valid-authenticated",
                    "An authenticated caller, signed 10 s ago with the current key.",
                    alice,
                    "POST",
                    post,
                    ALICE,
                    now - 10,
                    now + 20,
                    null);
            accepted(
                    "valid-with-second-factor",
                    "A caller who logged in with a second factor: amr and auth_time as the access token said.",
                    signer(FORUM_CURRENT, -1, 30).sign(ALICE_WITH_OTP, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE_WITH_OTP,
                    now - 1,
                    now + 29,
                    null);
            accepted(
                    "valid-with-permissions",
                    "A caller with the permissions of her roles in forum-service's namespace (perm, sorted).",
                    signer(FORUM_CURRENT, -1, 30).sign(ALICE_WITH_PERMISSIONS, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE_WITH_PERMISSIONS,
                    now - 1,
                    now + 29,
                    null);
            accepted(
                    "valid-anonymous",
                    "An anonymous caller on a public route. The request was GET"
                            + " /threads?page=2: the query is not part of the binding, the verifier is given /threads.",
                    signer(FORUM_CURRENT, 0, 30).sign(ANONYMOUS, AUDIENCE, "GET", "/threads"),
                    "GET",
                    "/threads",
                    ANONYMOUS,
                    now,
                    now + 30,
                    null);
            accepted(
                    "valid-with-cip-ipv4",
                    "The client address the gateway decided, an IPv4 literal.",
                    signer(FORUM_CURRENT, -1, 30).sign(ALICE, AUDIENCE, "POST", post, "203.0.113.7"),
                    "POST",
                    post,
                    ALICE,
                    now - 1,
                    now + 29,
                    "203.0.113.7");
            accepted(
                    "valid-anonymous-with-cip-ipv6",
                    "An anonymous caller with an IPv6 client address.",
                    signer(FORUM_CURRENT, -1, 30).sign(ANONYMOUS, AUDIENCE, "GET", "/threads", "2001:db8::7"),
                    "GET",
                    "/threads",
                    ANONYMOUS,
                    now - 1,
                    now + 29,
                    "2001:db8::7");
            accepted(
                    "valid-previous-key",
                    "Key rotation: signed with the second configured key, named by its kid.",
                    signer(FORUM_PREVIOUS, -1, 30).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE,
                    now - 1,
                    now + 29,
                    null);
            accepted(
                    "valid-without-kid",
                    "No kid header: every configured key is tried (here the second verifies).",
                    hand(
                            header("HS256", "passport+jwt", null),
                            claims(ALICE, now - 1, now + 29, "POST", post),
                            FORUM_PREVIOUS,
                            "HmacSHA256"),
                    "POST",
                    post,
                    ALICE,
                    now - 1,
                    now + 29,
                    null);
            accepted(
                    "valid-method-lower-case",
                    "The method is upper-cased before hashing: 'post' binds like 'POST'.",
                    alice,
                    "post",
                    post,
                    ALICE,
                    now - 10,
                    now + 20,
                    null);
            accepted(
                    "valid-expired-within-skew",
                    "exp is 5 s ago, exactly the clock skew: still accepted (refused" + " only when now > exp + skew).",
                    signer(FORUM_CURRENT, -35, 30).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE,
                    now - 35,
                    now - 5,
                    null);
            accepted(
                    "valid-issued-within-skew",
                    "iat is 5 s ahead of the verifier's clock, exactly the skew: accepted.",
                    signer(FORUM_CURRENT, 5, 30).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE,
                    now + 5,
                    now + 35,
                    null);
            accepted(
                    "valid-lifetime-60s",
                    "The longest lifetime: exp - iat = 60 s.",
                    signer(FORUM_CURRENT, -10, 60).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    ALICE,
                    now - 10,
                    now + 50,
                    null);
            Map<String, Object> arrayAudience = claims(ALICE, now - 1, now + 29, "POST", post);
            arrayAudience.put("aud", List.of(AUDIENCE));
            accepted(
                    "valid-audience-as-array",
                    "aud as an array of exactly one element, this service.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), arrayAudience, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    ALICE,
                    now - 1,
                    now + 29,
                    null);

            // Refused: size and shape.
            refused("missing", "No passport at all.", "", "GET", "/threads", "MISSING");
            Map<String, Object> padded = claims(ALICE, now - 1, now + 29, "GET", "/threads");
            padded.put("pad", "x".repeat(6200));
            refused(
                    "oversize",
                    "Correctly signed but longer than 8192 characters: refused before any decoding.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), padded, FORUM_CURRENT, "HmacSHA256"),
                    "GET",
                    "/threads",
                    "OVERSIZE");
            refused(
                    "five-parts",
                    "Five dot-separated parts (a JWE shape), not a compact JWS.",
                    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aGVsbG8.d29ybGQ.Zm9v",
                    "GET",
                    "/threads",
                    "MALFORMED");
            refused(
                    "alg-none",
                    "alg 'none' with an empty signature: not a JWS header to the reference, so MALFORMED.",
                    b64(Json.compact(header("none", "passport+jwt", null))) + "."
                            + b64(Json.compact(claims(ALICE, now - 1, now + 29, "POST", post))) + ".",
                    "POST",
                    post,
                    "MALFORMED");

            // Refused: header policy.
            refused(
                    "alg-hs384",
                    "alg HS384, correctly signed with HMAC-SHA384 and the current key.",
                    hand(
                            header("HS384", "passport+jwt", FORUM_CURRENT),
                            claims(ALICE, now - 1, now + 29, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA384"),
                    "POST",
                    post,
                    "UNSUPPORTED_HEADER");
            refused(
                    "typ-missing",
                    "No typ header.",
                    hand(
                            header("HS256", null, FORUM_CURRENT),
                            claims(ALICE, now - 1, now + 29, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "POST",
                    post,
                    "UNSUPPORTED_HEADER");
            refused(
                    "typ-media-type-form",
                    "typ 'application/passport+jwt': compared exactly, not normalised.",
                    hand(
                            header("HS256", "application/passport+jwt", FORUM_CURRENT),
                            claims(ALICE, now - 1, now + 29, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "POST",
                    post,
                    "UNSUPPORTED_HEADER");
            Map<String, Object> critical = header("HS256", "passport+jwt", FORUM_CURRENT);
            critical.put("crit", List.of("tessera-ext"));
            critical.put("tessera-ext", true);
            refused(
                    "crit-header",
                    "A crit header naming an extension: no extension is understood.",
                    hand(critical, claims(ALICE, now - 1, now + 29, "POST", post), FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "UNSUPPORTED_HEADER");

            // Refused: signature and key.
            String[] parts = alice.split("\\.");
            Map<String, Object> escalated =
                    JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            escalated.put("roles", List.of("USER", "MODERATOR", "ADMIN"));
            refused(
                    "tampered-payload",
                    "valid-authenticated with ADMIN added to roles, signature unchanged.",
                    parts[0] + "." + b64(Json.compact(escalated)) + "." + parts[2],
                    "POST",
                    post,
                    "BAD_SIGNATURE");
            refused(
                    "tampered-signature",
                    "valid-authenticated with one character of the signature changed.",
                    parts[0] + "." + parts[1] + "." + flipMiddle(parts[2]),
                    "POST",
                    post,
                    "BAD_SIGNATURE");
            refused(
                    "kid-of-another-key",
                    "Signed with the current key but naming auth-service's kid: only the key the"
                            + " kid names is tried, and forum-service has no key with that id.",
                    hand(
                            header("HS256", "passport+jwt", AUTH_SERVICE),
                            claims(ALICE, now - 1, now + 29, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "POST",
                    post,
                    "BAD_SIGNATURE");
            refused(
                    "other-audience-own-key",
                    "A passport the gateway minted for auth-service, with auth-service's key,"
                            + " replayed to forum-service: the per-audience key refuses it before the audience check.",
                    signer(AUTH_SERVICE, -1, 30).sign(ALICE, "auth-service", "POST", post),
                    "POST",
                    post,
                    "BAD_SIGNATURE");

            // Refused: claims.
            Map<String, Object> otherIssuer = claims(ALICE, now - 1, now + 29, "POST", post);
            otherIssuer.put("iss", "tessera-auth-service");
            refused(
                    "wrong-issuer",
                    "iss is not tessera-gateway.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), otherIssuer, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "WRONG_ISSUER");
            refused(
                    "other-audience-same-key",
                    "Minted for auth-service but with forum-service's key (a misconfigured"
                            + " gateway): the audience check refuses it.",
                    signer(FORUM_CURRENT, -1, 30).sign(ALICE, "auth-service", "POST", post),
                    "POST",
                    post,
                    "WRONG_AUDIENCE");
            Map<String, Object> twoAudiences = claims(ALICE, now - 1, now + 29, "POST", post);
            twoAudiences.put("aud", List.of(AUDIENCE, "auth-service"));
            refused(
                    "two-audiences",
                    "aud names this service and another: exactly one audience is required.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), twoAudiences, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "WRONG_AUDIENCE");
            refused(
                    "expired",
                    "exp is 6 s ago, beyond the 5 s skew.",
                    signer(FORUM_CURRENT, -36, 30).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    "EXPIRED");
            refused(
                    "not-yet-valid",
                    "iat is 6 s ahead of the verifier's clock, beyond the 5 s skew.",
                    signer(FORUM_CURRENT, 6, 30).sign(ALICE, AUDIENCE, "POST", post),
                    "POST",
                    post,
                    "NOT_YET_VALID");
            refused(
                    "lifetime-too-long",
                    "exp - iat = 61 s, more than the 60 s maximum (the signer cannot mint it).",
                    hand(
                            header("HS256", "passport+jwt", FORUM_CURRENT),
                            claims(ALICE, now - 1, now + 60, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "POST",
                    post,
                    "NOT_YET_VALID");
            refused(
                    "exp-before-iat",
                    "exp earlier than iat.",
                    hand(
                            header("HS256", "passport+jwt", FORUM_CURRENT),
                            claims(ALICE, now + 2, now + 1, "POST", post),
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "POST",
                    post,
                    "NOT_YET_VALID");
            refused(
                    "other-method",
                    "Bound to POST, presented on GET of the same path.",
                    alice,
                    "GET",
                    post,
                    "WRONG_REQUEST");
            refused(
                    "other-path",
                    "Bound to /threads/42/posts, presented on /threads/43/posts.",
                    alice,
                    "POST",
                    "/threads/43/posts",
                    "WRONG_REQUEST");
            refused(
                    "other-path-trailing-slash",
                    "A trailing slash is another path: no normalisation.",
                    alice,
                    "POST",
                    post + "/",
                    "WRONG_REQUEST");
            String encoded = signer(FORUM_CURRENT, -1, 30).sign(ALICE, AUDIENCE, "GET", "/threads/a%2Fb");
            refused(
                    "other-path-decoded",
                    "Bound to the raw path /threads/a%2Fb, presented with the decoded path"
                            + " /threads/a/b: the raw path is compared, never a decoded one.",
                    encoded,
                    "GET",
                    "/threads/a/b",
                    "WRONG_REQUEST");
            refused(
                    "other-path-percent-case",
                    "Bound to /threads/a%2Fb, presented as /threads/a%2fb: percent-encodings"
                            + " are compared as text, not normalised.",
                    encoded,
                    "GET",
                    "/threads/a%2fb",
                    "WRONG_REQUEST");
            refused(
                    "query-passed-as-path",
                    "The verifier was given the path with its query string: the binding"
                            + " covers the path only, so the query must be cut off before verifying.",
                    signer(FORUM_CURRENT, 0, 30).sign(ANONYMOUS, AUDIENCE, "GET", "/threads"),
                    "GET",
                    "/threads?page=2",
                    "WRONG_REQUEST");
            for (String[] bad : new String[][] {
                {"bad-cip-host-name", "gateway.example", "a host name"},
                {"bad-cip-list", "203.0.113.7, 198.51.100.1", "a forwarded-for list"},
                {"bad-cip-leading-zero", "203.0.113.007", "an IPv4 address with a leading zero"},
                {"bad-cip-zone-id", "fe80::1%eth0", "an IPv6 address with a zone id"},
                {"bad-cip-bracketed", "[2001:db8::7]", "a bracketed IPv6 address"}
            }) {
                Map<String, Object> withCip = claims(ALICE, now - 1, now + 29, "POST", post);
                withCip.put("cip", bad[1]);
                refused(
                        bad[0],
                        "cip is " + bad[2] + ", not an IP literal.",
                        hand(header("HS256", "passport+jwt", FORUM_CURRENT), withCip, FORUM_CURRENT, "HmacSHA256"),
                        "POST",
                        post,
                        "MALFORMED");
            }
            Map<String, Object> anonymousWithSubject = claims(ANONYMOUS, now - 1, now + 29, "GET", "/threads");
            anonymousWithSubject.put("sub", ALICE.userId());
            refused(
                    "anonymous-with-subject",
                    "anon: true together with a sub.",
                    hand(
                            header("HS256", "passport+jwt", FORUM_CURRENT),
                            anonymousWithSubject,
                            FORUM_CURRENT,
                            "HmacSHA256"),
                    "GET",
                    "/threads",
                    "MALFORMED");
            Map<String, Object> noSubject = claims(ALICE, now - 1, now + 29, "POST", post);
            noSubject.remove("sub");
            refused(
                    "authenticated-without-subject",
                    "Neither anon: true nor a sub.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), noSubject, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> anonText = claims(ANONYMOUS, now - 1, now + 29, "GET", "/threads");
            anonText.put("anon", "true");
            refused(
                    "anon-not-boolean",
                    "anon is the string \"true\", not the JSON boolean.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), anonText, FORUM_CURRENT, "HmacSHA256"),
                    "GET",
                    "/threads",
                    "MALFORMED");
            Map<String, Object> amrText = claims(ALICE_WITH_OTP, now - 1, now + 29, "POST", post);
            amrText.put("amr", "pwd otp");
            refused(
                    "amr-not-array",
                    "amr is a string, not an array of strings.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), amrText, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> authTimeText = claims(ALICE_WITH_OTP, now - 1, now + 29, "POST", post);
            authTimeText.put("auth_time", "2026-03-01T11:50:00Z");
            refused(
                    "auth-time-not-number",
                    "auth_time is a date string, not a NumericDate.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), authTimeText, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> roleText = claims(ALICE, now - 1, now + 29, "POST", post);
            roleText.put("roles", "ADMIN");
            refused(
                    "roles-not-array",
                    "roles is a string, not an array of strings.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), roleText, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> permText = claims(ALICE_WITH_PERMISSIONS, now - 1, now + 29, "POST", post);
            permText.put("perm", "forum:moderate forum:post");
            refused(
                    "perm-not-array",
                    "perm is a string, not an array of strings.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), permText, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> permNumber = claims(ALICE_WITH_PERMISSIONS, now - 1, now + 29, "POST", post);
            permNumber.put("perm", List.of("forum:moderate", 7));
            refused(
                    "perm-element-not-string",
                    "perm is an array with a number among its strings.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), permNumber, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            Map<String, Object> permTooMany = claims(ALICE_WITH_PERMISSIONS, now - 1, now + 29, "POST", post);
            List<String> many = new ArrayList<>();
            for (int i = 0; i <= Passport.MAX_PERMISSIONS; i++) {
                many.add(String.format("forum:p%02d", i));
            }
            permTooMany.put("perm", many);
            refused(
                    "perm-too-many",
                    "perm has " + many.size() + " elements, more than the " + Passport.MAX_PERMISSIONS
                            + " a passport carries.",
                    hand(header("HS256", "passport+jwt", FORUM_CURRENT), permTooMany, FORUM_CURRENT, "HmacSHA256"),
                    "POST",
                    post,
                    "MALFORMED");
            return all;
        }

        private void accepted(
                String name,
                String description,
                String token,
                String method,
                String path,
                Passport caller,
                long issuedAt,
                long expiresAt,
                String clientAddress) {
            Map<String, Object> passport = new LinkedHashMap<>();
            passport.put("authenticated", caller.isAuthenticated());
            passport.put("userId", caller.userId());
            passport.put("username", caller.username());
            passport.put("roles", caller.roles().stream().sorted().toList());
            passport.put("sessionId", caller.sessionId());
            passport.put("tokenId", caller.tokenId());
            passport.put("issuedAt", issuedAt);
            passport.put("expiresAt", expiresAt);
            passport.put("audience", AUDIENCE);
            passport.put("clientAddress", clientAddress);
            passport.put("authenticationMethods", caller.authenticationMethods());
            passport.put(
                    "authTime", (caller.authTime() != null) ? caller.authTime().getEpochSecond() : null);
            passport.put("permissions", caller.permissions().stream().sorted().toList());
            Map<String, Object> expect = new LinkedHashMap<>();
            expect.put("accepted", true);
            expect.put("passport", passport);
            add(name, description, token, method, path, expect);
        }

        private void refused(String name, String description, String token, String method, String path, String reason) {
            Map<String, Object> expect = new LinkedHashMap<>();
            expect.put("accepted", false);
            expect.put("reason", reason);
            add(name, description, token, method, path, expect);
        }

        private void add(
                String name, String description, String token, String method, String path, Map<String, Object> expect) {
            Map<String, Object> vector = new LinkedHashMap<>();
            vector.put("name", name);
            vector.put("description", description);
            vector.put("method", method);
            vector.put("path", path);
            vector.put("token", token);
            vector.put("expect", expect);
            all.add(vector);
        }
    }

    /** The real signer with the verifier's clock moved by {@code offsetSeconds}. */
    private static PassportSigner signer(String secret, long offsetSeconds, long lifetimeSeconds) {
        return new PassportSigner(
                PassportSecrets.of(List.of(secret)),
                Clock.fixed(NOW.plusSeconds(offsetSeconds), ZoneOffset.UTC),
                Duration.ofSeconds(lifetimeSeconds));
    }

    private static Map<String, Object> header(String alg, String typ, String secretForKid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (typ != null) {
            header.put("typ", typ);
        }
        if (secretForKid != null) {
            header.put("kid", kid(secretForKid));
        }
        return header;
    }

    /** The claims {@link PassportSigner} would write, with a fixed jti. */
    private static Map<String, Object> claims(Passport caller, long iat, long exp, String method, String path) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", PassportSigner.ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("jti", "00000000-0000-4000-8000-000000000000");
        claims.put("req", RequestBinding.of(method, path));
        if (caller.isAuthenticated()) {
            claims.put("sub", caller.userId());
            claims.put("preferred_username", caller.username());
            claims.put("roles", caller.roles().stream().sorted().toList());
            claims.put("sid", caller.sessionId());
            claims.put("tjti", caller.tokenId());
            if (!caller.authenticationMethods().isEmpty()) {
                claims.put("amr", caller.authenticationMethods());
            }
            if (caller.authTime() != null) {
                claims.put("auth_time", caller.authTime().getEpochSecond());
            }
            if (!caller.permissions().isEmpty()) {
                claims.put("perm", caller.permissions().stream().sorted().toList());
            }
        } else {
            claims.put("anon", true);
        }
        return claims;
    }

    /** A compact JWS made by hand: for what the signer refuses to produce. */
    private static String hand(
            Map<String, Object> header, Map<String, Object> claims, String secret, String macAlgorithm)
            throws GeneralSecurityException {
        String input = b64(Json.compact(header)) + "." + b64(Json.compact(claims));
        Mac mac = Mac.getInstance(macAlgorithm);
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), macAlgorithm));
        return input + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Map<String, Object> key(String secret, String holder) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("secret", secret);
        key.put("kid", kid(secret));
        key.put("holder", holder);
        return key;
    }

    private static String kid(String secret) {
        // Computed here from the spec's rule, not taken from PassportSecrets: hand-made vectors carrying this kid
        // are accepted only if the verifier derives the same id.
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(secret));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 8);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String flipMiddle(String signature) {
        int middle = signature.length() / 2;
        char replacement = signature.charAt(middle) == 'A' ? 'B' : 'A';
        return signature.substring(0, middle) + replacement + signature.substring(middle + 1);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the verifier did, in the shape of a vector's {@code expect}. */
    private static Map<String, Object> outcome(PassportVerifier verifier, String token, String method, String path) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        try {
            Passport passport = verifier.verify(token, method, path);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("authenticated", passport.isAuthenticated());
            fields.put("userId", passport.userId());
            fields.put("username", passport.username());
            fields.put("roles", passport.roles().stream().sorted().toList());
            fields.put("sessionId", passport.sessionId());
            fields.put("tokenId", passport.tokenId());
            fields.put("issuedAt", passport.issuedAt().getEpochSecond());
            fields.put("expiresAt", passport.expiresAt().getEpochSecond());
            fields.put("audience", passport.audience());
            fields.put("clientAddress", passport.clientAddress());
            fields.put("authenticationMethods", passport.authenticationMethods());
            fields.put(
                    "authTime",
                    (passport.authTime() != null) ? passport.authTime().getEpochSecond() : null);
            fields.put("permissions", passport.permissions().stream().sorted().toList());
            outcome.put("accepted", true);
            outcome.put("passport", fields);
        } catch (PassportException ex) {
            outcome.put("accepted", false);
            outcome.put("reason", ex.reason().name());
        }
        return outcome;
    }

    /** Through JSON and back, so numbers and nulls compare as the parsed file's do. */
    private static Object reparse(Map<String, Object> value) throws java.text.ParseException {
        return JSONObjectUtils.parse(Json.compact(value));
    }

    /**
     * The file with every token decoded into its header and claims, without {@code jti}, without the signature
     * and with {@code roles} sorted: what must not change between two generations.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, Object> file) {
        Map<String, Object> normalized = new TreeMap<>(file);
        List<Object> vectors = new ArrayList<>();
        for (Object item : (List<Object>) file.get("vectors")) {
            Map<String, Object> vector = new TreeMap<>((Map<String, Object>) item);
            String[] parts = ((String) vector.remove("token")).split("\\.", -1);
            List<Object> decoded = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                decoded.add(i < 2 && parts.length == 3 ? decodeJson(parts[i]) : "(part " + i + " ignored)");
            }
            vector.put("token (decoded)", decoded);
            vectors.add(vector);
        }
        normalized.put("vectors", vectors);
        return normalized;
    }

    @SuppressWarnings("unchecked")
    private static Object decodeJson(String part) {
        try {
            Map<String, Object> json = new TreeMap<>(
                    JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)));
            json.remove("jti");
            if (json.get("roles") instanceof List<?> roles && roles.stream().allMatch(String.class::isInstance)) {
                json.put("roles", ((List<String>) roles).stream().sorted().toList());
            }
            return json;
        } catch (IllegalArgumentException | java.text.ParseException ex) {
            return part;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> differences(Map<String, Object> committed, Map<String, Object> generated) {
        List<String> differences = new ArrayList<>();
        for (String key : generated.keySet()) {
            if (!key.equals("vectors") && !generated.get(key).equals(committed.get(key))) {
                differences.add(key);
            }
        }
        List<Object> mine = (List<Object>) committed.getOrDefault("vectors", List.of());
        List<Object> theirs = (List<Object>) generated.get("vectors");
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            Object a = i < mine.size() ? mine.get(i) : null;
            Object b = i < theirs.size() ? theirs.get(i) : null;
            if (a == null || !a.equals(b)) {
                differences.add("vectors[" + i + "] "
                        + (b != null ? ((Map<String, Object>) b).get("name") : ((Map<String, Object>) a).get("name")));
            }
        }
        return differences;
    }

    /**
     * A small JSON writer for the vector file (maps, lists, strings, numbers, booleans, null). The passport module
     * has no JSON writer of its own beside nimbus's compact one, and the file is read by people: one vector per
     * block, keys in insertion order.
     */
    static final class Json {

        private Json() {}

        static String compact(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value, null, "");
            return out.toString();
        }

        static String pretty(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value, "  ", "");
            return out.toString();
        }

        private static void write(StringBuilder out, Object value, String step, String indent) {
            String inner = step == null ? "" : indent + step;
            String newline = step == null ? "" : "\n";
            String colon = step == null ? ":" : ": ";
            if (value instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{').append(newline);
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(inner);
                    string(out, entry.getKey().toString());
                    out.append(colon);
                    write(out, entry.getValue(), step, inner);
                    out.append(++i < map.size() ? "," : "").append(newline);
                }
                out.append(step == null ? "" : indent).append('}');
            } else if (value instanceof List<?> list) {
                // Lists of scalars stay on one line.
                boolean flat = step == null || list.stream().noneMatch(e -> e instanceof Map || e instanceof List);
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(flat ? "" : newline + inner);
                    write(out, list.get(i), flat ? null : step, inner);
                    out.append(i + 1 < list.size() ? (flat && step != null ? ", " : ",") : "");
                }
                out.append(flat || list.isEmpty() ? "" : newline + indent).append(']');
            } else if (value instanceof String text) {
                string(out, text);
            } else {
                out.append(value); // null, Boolean, Long, Integer
            }
        }

        private static void string(StringBuilder out, String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
