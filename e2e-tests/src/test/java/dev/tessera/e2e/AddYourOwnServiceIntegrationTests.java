package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.e2e.Api.Response;
import dev.tessera.e2e.TesseraSystem.Service;
import dev.tessera.e2e.greeting.GreetingService;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * README, "Add your own service", done by a test: a third downstream service (a dozen lines, {@link GreetingService})
 * joins the shared system through configuration only: the gateway's route is the README's properties block, read
 * from the README itself, and the service's key is its own.
 */
@Order(8)
class AddYourOwnServiceIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    /** Where the greeting service listens and the key only it and the gateway hold: chosen before the system starts. */
    static final int PORT = FreePorts.reserve();

    static final String KEY = randomKey();

    private static ConfigurableApplicationContext greeting;

    private TesseraSystem system;

    private Api gateway;

    /**
     * The gateway's settings for the new service, exactly as the README's section shows them, pointed at this test's
     * port, plus its key (the README's step 1).
     */
    static List<String> gatewayArguments() {
        List<String> arguments = new ArrayList<>();
        for (String line : readmeProperties()) {
            arguments.add("--" + line.replace("http://localhost:8084", "http://127.0.0.1:" + PORT));
        }
        arguments.add("--tessera.gateway.passport.keys.greeting-service=" + KEY);
        return arguments;
    }

    static List<String> readmeProperties() {
        List<String> lines = Readme.properties(Readme.section("## Add your own service"));
        assertThat(lines).allMatch(line -> line.startsWith("tessera.gateway.routes.greeting."));
        return lines;
    }

    @BeforeAll
    static void startTheNewService() {
        greeting = new SpringApplicationBuilder(GreetingService.class)
                .properties(
                        "server.port=" + PORT,
                        "server.address=127.0.0.1",
                        "spring.application.name=greeting-service",
                        "spring.main.banner-mode=off",
                        "logging.structured.format.console=",
                        // The README's step 2, and the key of step 1.
                        "tessera.passport.audience=greeting-service",
                        "tessera.passport.secrets=" + KEY)
                .run();
    }

    @AfterAll
    static void stopTheNewService() {
        if (greeting != null) {
            greeting.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        this.system = SharedSystem.get();
        this.gateway = new Api(this.system.gatewayUri());
    }

    @Test
    void newServiceWhenRoutedByConfigurationThenMembersReachItWithTheirOwnIdentity() {
        String name = "greet" + UUID.randomUUID().toString().substring(0, 8);
        String token = this.gateway
                .registerAndLogin(name, "a greeting for " + name + " 42")
                .get("access_token")
                .asString();

        Response member = this.gateway.get("/api/greetings/me", "Authorization", "Bearer " + token);
        Response anonymous = this.gateway.get("/api/greetings/me");
        Response write = this.gateway.post("/api/greetings/me", Map.of(), "Authorization", "Bearer " + token);

        assertThat(member.status()).as(member.toString()).isEqualTo(200);
        assertThat(member.json().get("greeting").asString()).isEqualTo("Hello, " + name);
        assertThat(anonymous.status()).as("the route's rule: authenticated").isEqualTo(401);
        assertThat(write.status())
                .as("no rule allows POST: denied by default, at the gateway")
                .isIn(403, 404, 405);
    }

    @Test
    void newServiceWhenHandedAnotherServicesPassportThenRefusesAndItsOwnAreRefusedElsewhere() {
        Api direct = new Api(URI.create("http://127.0.0.1:" + PORT));
        Api forum = new Api(this.system.serviceUri(Service.FORUM));
        Passports greetingKey = new Passports(KEY);
        Passports forumKey = new Passports(this.system.passportKey(Service.FORUM));
        String userId = UUID.randomUUID().toString();

        Response genuine = direct.get(
                "/greetings/me",
                "X-Tessera-Passport",
                greetingKey.mint(userId, Set.of("USER"), "greeting-service", "GET", "/greetings/me"));
        Response mintedByForum = direct.get(
                "/greetings/me",
                "X-Tessera-Passport",
                forumKey.mint(userId, Set.of("USER", "ADMIN"), "greeting-service", "GET", "/greetings/me"));
        Response mintedByGreeting = forum.post(
                "/threads",
                Map.of("title", "Minted by the greeting service", "body", "b"),
                "X-Tessera-Passport",
                greetingKey.mint(userId, Set.of("USER", "ADMIN"), "forum-service", "POST", "/threads"));
        Response none = direct.get("/greetings/me");

        assertThat(genuine.status())
                .as("control: its own key, as the gateway mints it")
                .isEqualTo(200);
        assertThat(mintedByForum.status()).isEqualTo(401);
        assertThat(mintedByGreeting.status()).isEqualTo(401);
        assertThat(none.status()).isEqualTo(401);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
