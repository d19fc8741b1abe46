package dev.tessera.e2e;

import dev.tessera.e2e.TesseraSystem.Service;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one system all end-to-end classes share, started on first use: starting three Spring Boot
 * processes costs tens of seconds on a small machine, so it happens once per run.
 * {@link ProcessCleanupIntegrationTests} stops it last and checks that no process is left behind.
 *
 * <p>Access tokens live {@value #TOKEN_LIFETIME_SECONDS} s and the gateway allows 1 s of clock
 * skew, so expiry and silent refresh can be observed without long waits.
 */
final class SharedSystem {

    static final int TOKEN_LIFETIME_SECONDS = 20;

    /** Where auth-service writes its messages ({@code .eml}, no SMTP host): {@link AccountRecoveryIntegrationTests}. */
    static final Path MAIL_DIRECTORY = Path.of(System.getProperty("tessera.root", ".."))
            .toAbsolutePath()
            .resolve("e2e-tests/target/e2e-logs/system/mail");

    private static TesseraSystem system;

    private SharedSystem() {}

    static synchronized TesseraSystem get() {
        if (system == null) {
            system = TesseraSystem.start(
                    "system", Map.of(Service.AUTH, authArguments(), Service.GATEWAY, gatewayArguments()));
        }
        return system;
    }

    private static List<String> authArguments() {
        List<String> arguments = new java.util.ArrayList<>(
                // Every test client shares 127.0.0.1: lift the per-address registration limit.
                List.of(
                        "--tessera.auth.token.lifetime=" + TOKEN_LIFETIME_SECONDS + "s",
                        "--tessera.auth.registration.max-attempts=100000",
                        // ... and the caps on failed logins per address and per account: the soak's few users type
                        // hundreds of wrong passwords from one address within a minute (the throttle has its own
                        // tests in auth-service).
                        "--tessera.auth.throttle.address-max-failures=100000",
                        "--tessera.auth.throttle.account-max-failures=100000",
                        "--tessera.auth.mail.directory=" + MAIL_DIRECTORY));
        // README, "Log users in to your application with Tessera": the OpenID clients of the end-to-end tests.
        arguments.addAll(OpenIdClientIntegrationTests.authArguments());
        return arguments;
    }

    private static List<String> gatewayArguments() {
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--tessera.gateway.jwt.clock-skew=1s",
                // Every test client shares 127.0.0.1: lift the per-address login limit.
                "--tessera.gateway.rate-limit.capacity=100000"));
        // README, "Add your own service": a third service's route and key, as configuration only.
        arguments.addAll(AddYourOwnServiceIntegrationTests.gatewayArguments());
        return arguments;
    }

    /** Stops the system if it was started; returns every process it ever started. */
    static synchronized List<ProcessHandle> stop() {
        if (system == null) {
            return List.of();
        }
        List<ProcessHandle> started = system.everStarted();
        system.close();
        system = null;
        return started;
    }
}
