package dev.tessera.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.passkey.TestAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Passwords and tokens never reach the log, even on the paths that do log (reuse, failures). */
@TimeTravelTest
@ExtendWith(OutputCaptureExtension.class)
class LogSecrecyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void logsWhenEveryFlowRunsThenNoPasswordOrTokenAppears(CapturedOutput output) {
        Flows flows = new Flows(new TestHttp(this.port));
        String username = Flows.uniqueName("secret");
        String password = "Sup3r-Secret-Passw0rd-" + Flows.uniqueName("x");
        List<String> secrets = new ArrayList<>();
        secrets.add(password);

        flows.registered(username, password);
        flows.login(username, password + "-wrong");
        TestHttp.Response login = flows.loggedIn(username, password);
        secrets.add(login.text("access_token"));
        secrets.add(login.text("refresh_token"));
        secrets.add(login.text("device_token"));
        // A known device's login: the presented token and its rotated successor.
        secrets.add(flows.login(username, password, Flows.uniqueAddress(), login.text("device_token"))
                .text("device_token"));
        TestHttp.Response refreshed = flows.refresh(login.text("refresh_token"));
        secrets.add(refreshed.text("access_token"));
        secrets.add(refreshed.text("refresh_token"));
        this.clock.advance(Duration.ofSeconds(11));
        // Reuse after the grace window: logged as an event, without the token.
        assertThat(flows.refresh(login.text("refresh_token")).status()).isEqualTo(401);
        flows.logout(refreshed.text("refresh_token"));
        flows.register(username + "x", password.substring(0, 5));

        assertThat(output.getAll()).contains("Refresh token reuse detected");
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
            // Not even a recognizable piece of a JWT (its signature part).
            String tail = secret.substring(secret.length() - 20);
            assertThat(output.getAll()).doesNotContain(tail);
        }
        assertThat(output.getAll()).doesNotContain(AuthServiceTest.TEST_KEK);
    }

    @Test
    void logsWhenRecoveryFlowsRunThenNoLinkTokenPasswordOrAddressAppears(CapturedOutput output) {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("recover");
        String password = "Recovery-Secret-Passw0rd-" + Flows.uniqueName("x");
        String newPassword = "Reset-Secret-Passw0rd-" + Flows.uniqueName("y");
        String address = TestMail.uniqueAddress("secret");
        flows.registered(username, password);
        String id = Flows.idOf(this.jdbc, username);

        TestHttp.Response set = http.request(
                "PUT",
                "/auth/me/email",
                TestHttp.json(Map.of("email", address)),
                TestPassports.HEADER,
                TestPassports.forCaller(id, username, Set.of("USER"), "PUT", "/auth/me/email"));
        assertThat(set.status()).isEqualTo(202);
        String verification = TestMail.token(TestMail.await(address, 1).get(0));
        assertThat(http.postJson("/auth/email/verify", TestHttp.json(Map.of("token", verification)))
                        .status())
                .isEqualTo(204);
        assertThat(http.postJson(
                                "/auth/password/forgot",
                                TestHttp.json(Map.of("email", address)),
                                TestPassports.HEADER,
                                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/password/forgot"))
                        .status())
                .isEqualTo(202);
        String reset = TestMail.token(TestMail.await(address, 2).get(1));
        // A refused password first (the policy's 400), then the reset, then a reuse (400).
        http.postJson("/auth/password/reset", TestHttp.json(Map.of("token", reset, "new_password", "short")));
        assertThat(http.postJson(
                                "/auth/password/reset",
                                TestHttp.json(Map.of("token", reset, "new_password", newPassword)))
                        .status())
                .isEqualTo(204);
        assertThat(http.postJson(
                                "/auth/password/reset",
                                TestHttp.json(Map.of("token", reset, "new_password", newPassword)))
                        .status())
                .isEqualTo(400);

        assertThat(output.getAll()).contains("reset its password with a link");
        for (String secret : List.of(verification, reset, password, newPassword, address)) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void logsWhenSecondFactorFlowsRunThenNoSecretCodeOrChallengeAppears(CapturedOutput output) {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("totplog");
        String password = "Totp-Secret-Passw0rd-" + Flows.uniqueName("x");
        flows.registered(username, password);
        String id = Flows.idOf(this.jdbc, username);
        List<String> secrets = new ArrayList<>();

        TestHttp.Response begun = me(http, id, username, "POST", "/auth/me/totp", null);
        String secret = begun.text("secret");
        secrets.add(secret);
        secrets.add(begun.text("otpauth_uri"));
        byte[] key = TestTotp.decode(secret);
        String confirmCode = TestTotp.code(key, this.clock.instant());
        TestHttp.Response confirmed =
                me(http, id, username, "POST", "/auth/me/totp/confirm", Map.of("code", confirmCode));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> recoveryCodes = new ArrayList<>();
        confirmed.json().get("recovery_codes").forEach(node -> recoveryCodes.add(node.asString()));
        secrets.addAll(recoveryCodes);

        // A wrong code, a right one, a replay of it, then a recovery code.
        String challenge = flows.login(username, password).text("challenge");
        secrets.add(challenge);
        secondFactor(http, challenge, "code", TestTotp.otherThan(confirmCode));
        this.clock.advance(Duration.ofSeconds(30));
        String code = TestTotp.code(key, this.clock.instant());
        secrets.add(code);
        TestHttp.Response login = secondFactor(http, challenge, "code", code);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        secrets.add(login.text("access_token"));
        secrets.add(login.text("refresh_token"));
        String replayChallenge = flows.login(username, password).text("challenge");
        secrets.add(replayChallenge);
        secondFactor(http, replayChallenge, "code", code);
        secondFactor(http, replayChallenge, "recovery_code", recoveryCodes.get(0));
        me(http, id, username, "DELETE", "/auth/me/totp", Map.of("password", password));

        assertThat(output.getAll()).contains("enabled TOTP").contains("disabled TOTP");
        for (String value : secrets) {
            assertThat(output.getAll()).doesNotContain(value);
        }
        // Six-digit codes are too short to search the whole log for; the second-step requests' lines must not
        // carry them.
        assertThat(output.getAll().lines().filter(line -> line.contains("second-factor") && line.contains(code)))
                .isEmpty();
    }

    @Test
    void logsWhenPasskeyFlowsRunThenNoCeremonyChallengeOrResponseAppears(CapturedOutput output) {
        TestHttp http = new TestHttp(this.port);
        Flows flows = new Flows(http);
        String username = Flows.uniqueName("passkeylog");
        String password = "Passkey-Secret-Passw0rd-" + Flows.uniqueName("x");
        flows.registered(username, password);
        String id = Flows.idOf(this.jdbc, username);
        List<String> secrets = new ArrayList<>();
        TestAuthenticator authenticator = new TestAuthenticator();

        // A registration that fails (wrong origin) and one that succeeds.
        TestHttp.Response phished = me(http, id, username, "POST", "/auth/me/passkeys/options", null);
        authenticator.origin = "https://phish.example";
        String phishedCredential = authenticator.register(phished.json().get("publicKey"));
        me(http, id, username, "POST", "/auth/me/passkeys", registration(phished, phishedCredential));
        authenticator.origin = TestAuthenticator.ORIGIN;
        TestHttp.Response options = me(http, id, username, "POST", "/auth/me/passkeys/options", null);
        String credential = authenticator.register(options.json().get("publicKey"));
        TestHttp.Response registered =
                me(http, id, username, "POST", "/auth/me/passkeys", registration(options, credential));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        addCeremony(secrets, phished, phishedCredential);
        addCeremony(secrets, options, credential);
        secrets.add(options.json().get("publicKey").get("user").get("id").asString());

        // The second step of a password login.
        String challenge = flows.login(username, password).text("challenge");
        secrets.add(challenge);
        TestHttp.Response stepOptions =
                anonymous(http, "/auth/login/second-factor/options", Map.of("challenge", challenge));
        String stepAssertion = authenticator.assertion(stepOptions.json().get("publicKey"));
        TestHttp.Response step = anonymous(
                http,
                "/auth/login/second-factor",
                Map.of("challenge", challenge, "passkey", JSON.readTree(stepAssertion)));
        assertThat(step.status()).as(step.toString()).isEqualTo(200);
        addCeremony(secrets, stepOptions, stepAssertion);
        secrets.add(step.text("access_token"));

        // A password-less login, then a clone's (the counter does not move).
        TestHttp.Response loginOptions = anonymous(http, "/auth/login/passkey/options", Map.of());
        String loginAssertion = authenticator.assertion(loginOptions.json().get("publicKey"));
        TestHttp.Response login = anonymous(
                http,
                "/auth/login/passkey",
                Map.of("ceremony", loginOptions.text("ceremony"), "credential", JSON.readTree(loginAssertion)));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        addCeremony(secrets, loginOptions, loginAssertion);
        secrets.add(login.text("access_token"));
        secrets.add(login.text("refresh_token"));
        authenticator.signCount -= 1;
        TestHttp.Response cloneOptions = anonymous(http, "/auth/login/passkey/options", Map.of());
        String cloneAssertion = authenticator.assertion(cloneOptions.json().get("publicKey"));
        anonymous(
                http,
                "/auth/login/passkey",
                Map.of("ceremony", cloneOptions.text("ceremony"), "credential", JSON.readTree(cloneAssertion)));
        addCeremony(secrets, cloneOptions, cloneAssertion);

        assertThat(output.getAll())
                .contains("registered passkey")
                .contains("did not verify: origin mismatch")
                .contains("possibly a cloned authenticator");
        for (String value : secrets) {
            assertThat(output.getAll()).doesNotContain(value);
        }
    }

    /** The ceremony value, the WebAuthn challenge and the signed parts of the browser's answer. */
    private static void addCeremony(List<String> secrets, TestHttp.Response options, String credential) {
        if (options.text("ceremony") != null) {
            secrets.add(options.text("ceremony"));
        }
        secrets.add(options.json().get("publicKey").get("challenge").asString());
        JSON.readTree(credential).get("response").properties().forEach(field -> {
            if (field.getValue().isString()) {
                secrets.add(field.getValue().asString());
            }
        });
    }

    private static Map<String, Object> registration(TestHttp.Response options, String credential) {
        return Map.of("ceremony", options.text("ceremony"), "name", "key", "credential", JSON.readTree(credential));
    }

    private static TestHttp.Response anonymous(TestHttp http, String path, Map<String, ?> body) {
        return http.postJson(
                path,
                TestHttp.json(body),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", path));
    }

    private static TestHttp.Response secondFactor(TestHttp http, String challenge, String field, String value) {
        return http.postJson(
                "/auth/login/second-factor",
                TestHttp.json(Map.of("challenge", challenge, field, value)),
                TestPassports.HEADER,
                TestPassports.anonymousFrom(Flows.uniqueAddress(), "POST", "/auth/login/second-factor"));
    }

    private static TestHttp.Response me(
            TestHttp http, String id, String username, String method, String path, Map<String, ?> body) {
        return http.request(
                method,
                path,
                (body != null) ? TestHttp.json(body) : null,
                TestPassports.HEADER,
                TestPassports.forCaller(id, username, Set.of("USER"), method, path));
    }
}
