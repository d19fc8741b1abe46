package dev.tessera.auth.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.Flows;
import dev.tessera.auth.MutableClock;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import dev.tessera.auth.TimeTravelTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys end to end over HTTP against PostgreSQL: registration, a login's second step, the password-less login,
 * and the security cases (origin, RP ID hash, a ceremony reused or expired, a counter that does not move, another
 * account's credential, user verification). Responses come from {@link TestAuthenticator}, which signs with a real
 * key as a platform authenticator would.
 */
@TimeTravelTest
class PasskeyTests {

    private static final String PASSWORD = "passkey test password 1";

    private static final String PROBLEM = "urn:tessera:problem:";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    Flows flows;

    String username;

    String userId;

    /** The client address of this test's login requests. */
    String address;

    @BeforeEach
    void setUp() {
        this.address = Flows.uniqueAddress();
        this.http = new TestHttp(this.port);
        this.flows = new Flows(this.http);
        this.username = Flows.uniqueName("passkey");
        this.flows.registered(this.username, PASSWORD);
        this.userId = Flows.idOf(this.jdbc, this.username);
    }

    @Test
    void registerWhenOptionsAnsweredThen201ListedAndCountedAsSecondFactor() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        assertThat(options.header("Cache-Control")).contains("no-store");
        assertThat(options.text("ceremony")).matches("[A-Za-z0-9_-]{43}");
        JsonNode publicKey = options.json().get("publicKey");
        assertThat(publicKey.get("rp").get("id").asString()).isEqualTo("localhost");
        assertThat(publicKey.get("rp").get("name").asString()).isEqualTo("Tessera");
        assertThat(publicKey.get("user").get("id").asString()).matches("[A-Za-z0-9_-]{43}");
        assertThat(publicKey.get("user").get("name").asString()).isEqualTo(this.username);
        assertThat(publicKey.get("challenge").asString()).matches("[A-Za-z0-9_-]{43}");
        assertThat(publicKey.get("pubKeyCredParams").get(0).get("alg").asLong()).isEqualTo(-7);
        assertThat(publicKey.get("timeout").asLong()).isEqualTo(300_000);
        assertThat(publicKey.get("excludeCredentials")).isEmpty();
        assertThat(publicKey.get("authenticatorSelection").get("residentKey").asString())
                .isEqualTo("required");
        assertThat(publicKey
                        .get("authenticatorSelection")
                        .get("userVerification")
                        .asString())
                .isEqualTo("required");
        assertThat(publicKey.get("attestation").asString()).isEqualTo("none");

        TestAuthenticator authenticator = new TestAuthenticator();
        TestHttp.Response registered = register(options, authenticator, "  Laptop  ");

        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.text("name")).isEqualTo("Laptop");
        assertThat(registered.text("aaguid")).isEqualTo(TestAuthenticator.AAGUID_VALUE.toString());
        assertThat(strings(registered.json().get("transports"))).containsExactly("hybrid", "internal");
        assertThat(registered.json().get("synced").asBoolean()).isFalse();
        assertThat(registered.text("created_at")).isNotBlank();
        assertThat(registered.header("Location")).isNull();
        TestHttp.Response list = me("GET", "/auth/me/passkeys", null);
        assertThat(list.json().get("passkeys")).hasSize(1);
        assertThat(list.json().get("passkeys").get(0).get("id").asString()).isEqualTo(registered.text("id"));
        assertThat(me("GET", "/auth/me/second-factors", null)
                        .json()
                        .get("passkeys")
                        .asInt())
                .isEqualTo(1);
        assertThat(auditCount("PASSKEY_REGISTERED")).isEqualTo(1);
        // The user handle is stable, and the next registration excludes this credential.
        JsonNode next = me("POST", "/auth/me/passkeys/options", null).json().get("publicKey");
        assertThat(next.get("user").get("id").asString())
                .isEqualTo(publicKey.get("user").get("id").asString());
        assertThat(next.get("excludeCredentials").get(0).get("id").asString()).isEqualTo(authenticator.credentialId());
        assertThat(strings(next.get("excludeCredentials").get(0).get("transports")))
                .containsExactly("hybrid", "internal");
    }

    @Test
    void registerWhenCeremonyReusedThenRefused() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        assertThat(register(options, new TestAuthenticator(), "one").status()).isEqualTo(201);

        TestHttp.Response again = register(options, new TestAuthenticator(), "two");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.text("type")).isEqualTo(PROBLEM + "passkey-ceremony-invalid");
        assertThat(passkeyCount()).isEqualTo(1);
    }

    @Test
    void registerWhenCeremonyExpiredThenRefused() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        TestHttp.Response response = register(options, new TestAuthenticator(), "late");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-ceremony-invalid");
        assertThat(passkeyCount()).isZero();
    }

    @Test
    void registerWhenOriginMismatchThenRejectedAndCeremonyUsedUp() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        TestAuthenticator phished = new TestAuthenticator();
        phished.origin = "https://tessera.example.evil";

        TestHttp.Response response = register(options, phished, "phished");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-rejected");
        // The ceremony went with the failed attempt.
        TestHttp.Response retry = register(options, new TestAuthenticator(), "retry");
        assertThat(retry.text("type")).isEqualTo(PROBLEM + "passkey-ceremony-invalid");
        assertThat(passkeyCount()).isZero();
    }

    @Test
    void registerWhenRpIdHashMismatchThenRejected() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        TestAuthenticator other = new TestAuthenticator();
        other.rpId = "evil.example";

        TestHttp.Response response = register(options, other, "other");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-rejected");
        assertThat(passkeyCount()).isZero();
    }

    @Test
    void registerWhenUserNotVerifiedThenRejected() {
        TestHttp.Response options = me("POST", "/auth/me/passkeys/options", null);
        TestAuthenticator presenceOnly = new TestAuthenticator();
        presenceOnly.verifiesUser = false;

        TestHttp.Response response = register(options, presenceOnly, "key");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-rejected");
    }

    @Test
    void registerWhenCredentialRegisteredAlreadyThen409() {
        TestAuthenticator authenticator = registered();

        TestHttp.Response again = register(me("POST", "/auth/me/passkeys/options", null), authenticator, "again");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo(PROBLEM + "passkey-already-registered");
    }

    @Test
    void registerWhenNameTooLongThen400AndNothingStored() {
        TestHttp.Response response =
                register(me("POST", "/auth/me/passkeys/options", null), new TestAuthenticator(), "x".repeat(65));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "invalid-request");
        assertThat(passkeyCount()).isZero();
    }

    @Test
    void renameAndRemoveWhenOwnThenDoneAndOtherAccountsGet404() {
        registered();
        String id = me("GET", "/auth/me/passkeys", null)
                .json()
                .get("passkeys")
                .get(0)
                .get("id")
                .asString();
        String other = Flows.uniqueName("other");
        this.flows.registered(other, PASSWORD);
        String otherId = Flows.idOf(this.jdbc, other);
        Map<String, String> password = Map.of("password", PASSWORD);

        TestHttp.Response foreignRename =
                as(otherId, other, "PATCH", "/auth/me/passkeys/" + id, Map.of("name", "mine now"));
        TestHttp.Response foreignDelete = as(otherId, other, "DELETE", "/auth/me/passkeys/" + id, password);
        TestHttp.Response unknown = me("DELETE", "/auth/me/passkeys/" + UUID.randomUUID(), password);
        TestHttp.Response malformed = me("DELETE", "/auth/me/passkeys/not-a-uuid", password);

        assertThat(foreignRename.status()).isEqualTo(404);
        assertThat(foreignDelete.status()).isEqualTo(404);
        assertThat(foreignDelete.text("type")).isEqualTo(PROBLEM + "passkey-not-found");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(withoutRequestId(unknown)).isEqualTo(withoutRequestId(foreignDelete));
        assertThat(withoutRequestId(malformed)).isEqualTo(withoutRequestId(foreignRename));
        assertThat(passkeyCount()).isEqualTo(1);

        TestHttp.Response renamed = me("PATCH", "/auth/me/passkeys/" + id, Map.of("name", "Phone"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Phone");

        assertThat(me("DELETE", "/auth/me/passkeys/" + id, password).status()).isEqualTo(204);
        assertThat(passkeyCount()).isZero();
        assertThat(auditCount("PASSKEY_REMOVED")).isEqualTo(1);
        // No passkey left: the password alone logs in again.
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void removeWhenLastSecondFactorAndPasswordShorterThanAloneThen409UntilAnotherFactorRemains() {
        registered();
        String first = me("GET", "/auth/me/passkeys", null)
                .json()
                .get("passkeys")
                .get(0)
                .get("id")
                .asString();
        String shortPassword = "Kq7#vZp2xW";
        TestHttp.Response changed =
                me("POST", "/auth/password", Map.of("current_password", PASSWORD, "new_password", shortPassword));
        assertThat(changed.status())
                .as("10 characters beside a passkey: %s", changed)
                .isEqualTo(204);

        TestHttp.Response refused = me("DELETE", "/auth/me/passkeys/" + first, Map.of("password", shortPassword));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:tessera:problem:password-too-short-alone");
        assertThat(passkeyCount()).isEqualTo(1);
        registered();
        assertThat(me("DELETE", "/auth/me/passkeys/" + first, Map.of("password", shortPassword))
                        .status())
                .isEqualTo(204);
        assertThat(passkeyCount()).isEqualTo(1);
    }

    @Test
    void removeWhenPasswordWrongOrMissingThen400AndPasskeyKept() {
        registered();
        String id = me("GET", "/auth/me/passkeys", null)
                .json()
                .get("passkeys")
                .get(0)
                .get("id")
                .asString();

        TestHttp.Response wrong = me("DELETE", "/auth/me/passkeys/" + id, Map.of("password", PASSWORD + "x"));
        TestHttp.Response missing = me("DELETE", "/auth/me/passkeys/" + id, null);

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text("detail")).isEqualTo("password: is not correct");
        assertThat(missing.status()).isIn(400, 415);
        assertThat(passkeyCount()).isEqualTo(1);
    }

    @Test
    void loginWhenPasskeyRegisteredThenSecondStepTakesPasskeyWithAmrPwdHwk() throws Exception {
        TestAuthenticator authenticator = registered();

        String challenge = challenge(List.of("passkey", "recovery_code"));
        TestHttp.Response options = secondFactorOptions(challenge);
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        JsonNode publicKey = options.json().get("publicKey");
        assertThat(publicKey.get("rpId").asString()).isEqualTo("localhost");
        assertThat(publicKey.get("userVerification").asString()).isEqualTo("preferred");
        assertThat(publicKey.get("allowCredentials")).hasSize(1);
        assertThat(publicKey.get("allowCredentials").get(0).get("id").asString())
                .isEqualTo(authenticator.credentialId());
        TestHttp.Response second = secondFactor(challenge, authenticator.assertion(publicKey));

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.text("refresh_token")).isNotBlank();
        assertThat(second.text("device_token")).isNotBlank();
        JWTClaimsSet claims = SignedJWT.parse(second.text("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(this.userId);
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "hwk");
        assertThat(lastUsed()).isNotNull();
    }

    @Test
    void registerWhenFirstSecondFactorThenRecoveryCodesOnceAndOneLogsInWithoutTheAuthenticator() throws Exception {
        TestHttp.Response first =
                register(me("POST", "/auth/me/passkeys/options", null), new TestAuthenticator(), "phone");
        TestHttp.Response second =
                register(me("POST", "/auth/me/passkeys/options", null), new TestAuthenticator(), "key");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        List<String> codes = strings(first.json().get("recovery_codes"));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(first.text("name")).isEqualTo("phone");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().has("recovery_codes"))
                .as("codes only with the first factor")
                .isFalse();
        String challenge = challenge(List.of("passkey", "recovery_code"));
        TestHttp.Response recovered =
                anonymous("/auth/login/second-factor", Map.of("challenge", challenge, "recovery_code", codes.get(0)));
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(recovered.text("access_token"))
                        .getJWTClaimsSet()
                        .getStringListClaim("amr"))
                .containsExactly("pwd", "otp");
        TestHttp.Response again = anonymous(
                "/auth/login/second-factor",
                Map.of("challenge", challenge(List.of("passkey", "recovery_code")), "recovery_code", codes.get(0)));
        assertThat(again.status()).as("a recovery code works once").isEqualTo(401);

        for (JsonNode passkey : me("GET", "/auth/me/passkeys", null).json().get("passkeys")) {
            assertThat(me("DELETE", "/auth/me/passkeys/" + passkey.get("id").asString(), Map.of("password", PASSWORD))
                            .status())
                    .isEqualTo(204);
        }
        assertThat(me("GET", "/auth/me/second-factors", null)
                        .json()
                        .get("recovery_codes_left")
                        .asInt())
                .as("the codes go with the last second factor")
                .isZero();
        assertThat(this.flows.login(this.username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void loginWhenTotpAndPasskeyThenMethodsListBoth() {
        registered();
        this.jdbc
                .sql("insert into totp_credential (account_id, secret, created_at, enabled_at)"
                        + " values (?, ?, now(), now())")
                .param(UUID.fromString(this.userId))
                .param(new byte[20])
                .update();

        challenge(List.of("totp", "recovery_code", "passkey"));
    }

    @Test
    void secondFactorWhenSyncedPasskeyWithoutUserVerificationThenAmrPwdSwk() throws Exception {
        TestAuthenticator authenticator = new TestAuthenticator();
        authenticator.backupEligible = true;
        register(authenticator);
        authenticator.verifiesUser = false;

        String challenge = challenge(List.of("passkey", "recovery_code"));
        TestHttp.Response second = secondFactor(
                challenge,
                authenticator.assertion(secondFactorOptions(challenge).json().get("publicKey")));

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(second.text("access_token"))
                        .getJWTClaimsSet()
                        .getStringListClaim("amr"))
                .containsExactly("pwd", "swk");
    }

    @Test
    void secondFactorWhenAnotherAccountsCredentialThenRefusedAndAudited() {
        registered();
        String other = Flows.uniqueName("other");
        this.flows.registered(other, PASSWORD);
        TestAuthenticator foreign = new TestAuthenticator();
        TestHttp.Response otherOptions =
                as(Flows.idOf(this.jdbc, other), other, "POST", "/auth/me/passkeys/options", null);
        assertThat(as(
                                Flows.idOf(this.jdbc, other),
                                other,
                                "POST",
                                "/auth/me/passkeys",
                                registration(otherOptions, foreign, "theirs"))
                        .status())
                .isEqualTo(201);

        String challenge = challenge(List.of("passkey", "recovery_code"));
        TestHttp.Response response = secondFactor(
                challenge,
                foreign.assertion(secondFactorOptions(challenge).json().get("publicKey")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "second-factor-failed");
        assertThat(response.text("access_token")).isNull();
        assertThat(auditCount("PASSKEY_FOREIGN_CREDENTIAL")).isEqualTo(1);
        assertThat(auditCount("LOGIN_SECOND_FACTOR_FAILED")).isEqualTo(1);
    }

    @Test
    void secondFactorWhenNoOptionsAskedOrCeremonyReusedThenRefused() {
        TestAuthenticator authenticator = registered();
        String challenge = challenge(List.of("passkey", "recovery_code"));
        JsonNode publicKey = secondFactorOptions(challenge).json().get("publicKey");
        String assertion = authenticator.assertion(publicKey);
        // A wrong credential uses the ceremony up ...
        TestHttp.Response wrong = secondFactor(challenge, authenticator.assertion(withChallenge(publicKey)));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("type")).isEqualTo(PROBLEM + "second-factor-failed");

        // ... so even the right answer to it is refused now.
        TestHttp.Response reused = secondFactor(challenge, assertion);

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.text("type")).isEqualTo(PROBLEM + "second-factor-failed");
    }

    @Test
    void secondFactorOptionsWhenNoPasskeyOrUnknownChallengeThenRefused() {
        this.jdbc
                .sql("insert into totp_credential (account_id, secret, created_at, enabled_at)"
                        + " values (?, ?, now(), now())")
                .param(UUID.fromString(this.userId))
                .param(new byte[20])
                .update();
        String challenge = challenge(List.of("totp", "recovery_code"));

        TestHttp.Response none = secondFactorOptions(challenge);
        TestHttp.Response unknown = secondFactorOptions("A".repeat(43));

        assertThat(none.status()).isEqualTo(409);
        assertThat(none.text("type")).isEqualTo(PROBLEM + "passkey-not-registered");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text("type")).isEqualTo(PROBLEM + "login-challenge-invalid");
    }

    @Test
    void passkeyLoginWhenDiscoverableCredentialThenTokensWithAmrAndAuthTime() throws Exception {
        TestAuthenticator authenticator = registered();

        TestHttp.Response options = loginOptions();
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        assertThat(options.header("Cache-Control")).contains("no-store");
        assertThat(options.text("ceremony")).matches("[A-Za-z0-9_-]{43}");
        JsonNode publicKey = options.json().get("publicKey");
        assertThat(publicKey.get("allowCredentials")).isEmpty();
        assertThat(publicKey.get("userVerification").asString()).isEqualTo("required");
        assertThat(publicKey.get("rpId").asString()).isEqualTo("localhost");
        TestHttp.Response login = passkeyLogin(options.text("ceremony"), authenticator.assertion(publicKey), null);

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).contains("no-store");
        assertThat(login.text("refresh_token")).isNotBlank();
        assertThat(login.text("device_token")).isNotBlank();
        JWTClaimsSet claims = SignedJWT.parse(login.text("access_token")).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(this.userId);
        assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "user", "mfa");
        // The clock runs on in real time: the login happened within the last few seconds.
        long now = this.clock.instant().getEpochSecond();
        assertThat(claims.getLongClaim("auth_time")).isBetween(now - 5, now);
        assertThat(auditDetailCount("LOGIN_SUCCEEDED", "passkey")).isEqualTo(1);
        // The refresh keeps how the login authenticated.
        TestHttp.Response refreshed = this.flows.refresh(login.text("refresh_token"));
        assertThat(SignedJWT.parse(refreshed.text("access_token"))
                        .getJWTClaimsSet()
                        .getStringListClaim("amr"))
                .containsExactly("hwk", "user", "mfa");
    }

    @Test
    void passkeyLoginWhenOpaqueFormatThenSessionTokenIntrospectsWithAmr() {
        TestAuthenticator authenticator = registered();
        TestHttp.Response options = loginOptions();

        TestHttp.Response login = passkeyLogin(
                options.text("ceremony"), authenticator.assertion(options.json().get("publicKey")), "opaque");

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonNode introspected = this.flows.introspected(login.text("access_token"));
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(strings(introspected.get("amr"))).containsExactly("hwk", "user", "mfa");
    }

    @Test
    void passkeyLoginWhenCeremonyReusedThenRefused() {
        TestAuthenticator authenticator = registered();
        TestHttp.Response options = loginOptions();
        JsonNode publicKey = options.json().get("publicKey");
        assertThat(passkeyLogin(options.text("ceremony"), authenticator.assertion(publicKey), null)
                        .status())
                .isEqualTo(200);

        TestHttp.Response again = passkeyLogin(options.text("ceremony"), authenticator.assertion(publicKey), null);

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.text("type")).isEqualTo(PROBLEM + "passkey-login-failed");
        assertThat(again.text("access_token")).isNull();
    }

    @Test
    void passkeyLoginWhenCeremonyExpiredThenRefused() {
        TestAuthenticator authenticator = registered();
        TestHttp.Response options = loginOptions();
        this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        TestHttp.Response response = passkeyLogin(
                options.text("ceremony"), authenticator.assertion(options.json().get("publicKey")), null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-login-failed");
        assertThat(auditDetailCount("LOGIN_FAILED", "passkey: no live ceremony"))
                .isEqualTo(1);
    }

    @Test
    void passkeyLoginWhenOriginOrRpIdWrongThenRefused() {
        TestAuthenticator authenticator = registered();
        authenticator.origin = "http://localhost:8081";
        TestHttp.Response first = loginOptions();
        TestHttp.Response wrongOrigin = passkeyLogin(
                first.text("ceremony"), authenticator.assertion(first.json().get("publicKey")), null);
        authenticator.origin = TestAuthenticator.ORIGIN;
        authenticator.rpId = "localhost.evil";
        TestHttp.Response second = loginOptions();
        TestHttp.Response wrongRp = passkeyLogin(
                second.text("ceremony"), authenticator.assertion(second.json().get("publicKey")), null);

        assertThat(wrongOrigin.status()).isEqualTo(401);
        assertThat(wrongRp.status()).isEqualTo(401);
        assertThat(wrongRp.text("type")).isEqualTo(PROBLEM + "passkey-login-failed");
        assertThat(auditDetailCount("LOGIN_FAILED", "passkey: origin mismatch")).isEqualTo(1);
        assertThat(auditDetailCount("LOGIN_FAILED", "passkey: rp id hash mismatch"))
                .isEqualTo(1);
    }

    @Test
    void passkeyLoginWhenUserNotVerifiedThenRefused() {
        TestAuthenticator authenticator = registered();
        authenticator.verifiesUser = false;
        TestHttp.Response options = loginOptions();

        TestHttp.Response response = passkeyLogin(
                options.text("ceremony"), authenticator.assertion(options.json().get("publicKey")), null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(auditDetailCount("LOGIN_FAILED", "passkey: user not verified"))
                .isEqualTo(1);
    }

    @Test
    void passkeyLoginWhenSignCountDoesNotIncreaseThenRefusedAndAuditedAsPossibleClone() {
        TestAuthenticator authenticator = registered();
        assertThat(passkeyLoginWith(authenticator).status()).isEqualTo(200);
        // A clone that copied the key but not the counter: the same counter value again.
        authenticator.signCount -= 1;

        TestHttp.Response response = passkeyLoginWith(authenticator);

        assertThat(response.status()).isEqualTo(401);
        assertThat(auditCount("PASSKEY_SIGN_COUNT_INVALID")).isEqualTo(1);
        assertThat(this.jdbc
                        .sql("select sign_count from passkey_credential where account_id = ?")
                        .param(UUID.fromString(this.userId))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void passkeyLoginWhenCounterAlwaysZeroThenAccepted() {
        TestAuthenticator synced = new TestAuthenticator();
        synced.backupEligible = true;
        synced.counterStep = 0;
        register(synced);

        assertThat(passkeyLoginWith(synced).status()).isEqualTo(200);
        TestHttp.Response again = passkeyLoginWith(synced);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(auditCount("PASSKEY_SIGN_COUNT_INVALID")).isZero();
    }

    @Test
    void passkeyLoginWhenAccountDisabledThenRefusedLikeAnyFailure() {
        TestAuthenticator authenticator = registered();
        this.jdbc
                .sql("update account set enabled = false where id = ?")
                .param(UUID.fromString(this.userId))
                .update();

        TestHttp.Response response = passkeyLoginWith(authenticator);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-login-failed");
        assertThat(auditDetailCount("LOGIN_FAILED", "passkey: account disabled"))
                .isEqualTo(1);
    }

    @Test
    void passkeyLoginWhenUnknownCredentialThenRefused() {
        TestAuthenticator stranger = new TestAuthenticator();
        registered();
        TestHttp.Response options = loginOptions();
        // An authenticator that was never registered answers with a handle of its own.
        stranger.register(me("POST", "/auth/me/passkeys/options", null).json().get("publicKey"));

        TestHttp.Response response = passkeyLogin(
                options.text("ceremony"), stranger.assertion(options.json().get("publicKey")), null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "passkey-login-failed");
    }

    @Test
    void passkeyLoginWhenAddressKeepsFailingThen429() {
        String address = Flows.uniqueAddress();
        TestHttp.Response last = null;
        for (int i = 0; i <= 20; i++) {
            last = this.http.postJson(
                    "/auth/login/passkey",
                    TestHttp.json(Map.of("ceremony", "A".repeat(43), "credential", Map.of("id", "x"))),
                    TestPassports.HEADER,
                    TestPassports.anonymousFrom(address, "POST", "/auth/login/passkey"));
            if (last.status() == 429) {
                break;
            }
            assertThat(last.status()).isEqualTo(401);
        }

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotBlank();
    }

    @Test
    void passkeyLoginWhenCredentialNotAnObjectThen400() {
        TestHttp.Response response = this.http.postJson(
                "/auth/login/passkey",
                TestHttp.json(Map.of("ceremony", "A".repeat(43), "credential", "x")),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login/passkey"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "invalid-request");
    }

    /** A registered passkey (device-bound) for the test's account. */
    private TestAuthenticator registered() {
        TestAuthenticator authenticator = new TestAuthenticator();
        register(authenticator);
        return authenticator;
    }

    private void register(TestAuthenticator authenticator) {
        TestHttp.Response response = register(me("POST", "/auth/me/passkeys/options", null), authenticator, "key");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private TestHttp.Response register(TestHttp.Response options, TestAuthenticator authenticator, String name) {
        return me("POST", "/auth/me/passkeys", registration(options, authenticator, name));
    }

    private static Map<String, Object> registration(
            TestHttp.Response options, TestAuthenticator authenticator, String name) {
        return Map.of(
                "ceremony",
                options.text("ceremony"),
                "name",
                name,
                "credential",
                node(authenticator.register(options.json().get("publicKey"))));
    }

    /** The password step; must answer a challenge listing these methods. */
    private String challenge(List<String> methods) {
        TestHttp.Response response = this.flows.login(this.username, PASSWORD);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.text("type")).isEqualTo(PROBLEM + "second-factor-required");
        assertThat(strings(response.json().get("methods"))).isEqualTo(methods);
        return response.text("challenge");
    }

    private TestHttp.Response secondFactorOptions(String challenge) {
        return anonymous("/auth/login/second-factor/options", Map.of("challenge", challenge));
    }

    private TestHttp.Response secondFactor(String challenge, String assertion) {
        return anonymous("/auth/login/second-factor", Map.of("challenge", challenge, "passkey", node(assertion)));
    }

    private TestHttp.Response loginOptions() {
        return this.http.post(
                "/auth/login/passkey/options",
                new byte[0],
                null,
                TestPassports.HEADER,
                TestPassports.anonymousFrom(this.address, "POST", "/auth/login/passkey/options"));
    }

    private TestHttp.Response passkeyLogin(String ceremony, String assertion, String tokenFormat) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("ceremony", ceremony);
        body.put("credential", node(assertion));
        if (tokenFormat != null) {
            body.put("token_format", tokenFormat);
        }
        return anonymous("/auth/login/passkey", body);
    }

    private TestHttp.Response passkeyLoginWith(TestAuthenticator authenticator) {
        TestHttp.Response options = loginOptions();
        return passkeyLogin(
                options.text("ceremony"), authenticator.assertion(options.json().get("publicKey")), null);
    }

    private TestHttp.Response anonymous(String path, Map<String, ?> body) {
        return this.http.postJson(
                path,
                TestHttp.json(body),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(this.address, "POST", path));
    }

    /** The same options with a different challenge: an answer to a ceremony that does not exist. */
    private static JsonNode withChallenge(JsonNode publicKey) {
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) publicKey.deepCopy();
        copy.put("challenge", "B".repeat(43));
        return copy;
    }

    private long passkeyCount() {
        return this.jdbc
                .sql("select count(*) from passkey_credential where account_id = ?")
                .param(UUID.fromString(this.userId))
                .query(Long.class)
                .single();
    }

    private Object lastUsed() {
        return this.jdbc
                .sql("select last_used_at from passkey_credential where account_id = ?")
                .param(UUID.fromString(this.userId))
                .query(Object.class)
                .single();
    }

    private long auditCount(String type) {
        return this.jdbc
                .sql("select count(*) from audit_event where type = ? and account_id = ?")
                .param(type)
                .param(UUID.fromString(this.userId))
                .query(Long.class)
                .single();
    }

    /** Events of this test's client address (a failed password-less login may name no account). */
    private long auditDetailCount(String type, String detail) {
        return this.jdbc
                .sql("select count(*) from audit_event where type = ? and detail = ? and address like ?")
                .param(type)
                .param(detail)
                // The audit keeps the throttle's key for the address ("ipv4:..."), the address at its end.
                .param("%" + this.address)
                .query(Long.class)
                .single();
    }

    private static JsonNode withoutRequestId(TestHttp.Response response) {
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) response.json();
        body.remove("requestId");
        return body;
    }

    private static JsonNode node(String json) {
        return JSON.readTree(json);
    }

    private TestHttp.Response me(String method, String path, Map<String, ?> body) {
        return as(this.userId, this.username, method, path, body);
    }

    private TestHttp.Response as(String id, String name, String method, String path, Map<String, ?> body) {
        return this.http.request(
                method,
                path,
                (body != null) ? TestHttp.json(body) : null,
                TestPassports.HEADER,
                TestPassports.forCaller(id, name, Set.of("USER"), method, path));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }
}
