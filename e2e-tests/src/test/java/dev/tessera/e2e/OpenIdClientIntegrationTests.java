package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * README, "Log users in to your application with Tessera", done by real clients no one here wrote (issue 15): a Spring
 * Boot application with Spring Security's OAuth 2.0 client ({@code oauth2Login}, {@code
 * dev.tessera.e2e.openidclient.DashboardApplication}, started with the README's properties) and a Node.js public client
 * with openid-client ({@code interop/node-openid-client}), each logging a user in through headless Chromium on
 * Tessera's own login page, against the shared system. Both are registered with auth-service as the README shows
 * ({@link #authArguments()}), with redirect URIs on ports reserved before the system starts.
 */
@Order(13)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenIdClientIntegrationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final String SECTION = "### Log users in to your application with Tessera (OpenID Connect)";

    private static final String PASSWORD = "an OpenID password 42";

    private static final String DASHBOARD = "dashboard";

    private static final String NODE_APP = "node-app";

    private static final int dashboardPort = FreePorts.reserve();

    private static final int nodePort = FreePorts.reserve();

    private static final String dashboardSecret = randomSecret();

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static TesseraSystem system;

    private static AppProcess dashboard;

    private static AppProcess node;

    private Chromium chromium;

    private WebDriver browser;

    /**
     * The two clients at auth-service ({@code tessera.auth.oidc.clients.*}), for the shared system's start: the
     * dashboard confidential (its secret's hash only) and first-party; the Node app public (PKCE alone) and
     * third-party, so its users see Tessera's consent page.
     */
    static List<String> authArguments() {
        String dashboardClient = "--tessera.auth.oidc.clients." + DASHBOARD + ".";
        String nodeClient = "--tessera.auth.oidc.clients." + NODE_APP + ".";
        return List.of(
                dashboardClient + "name=Dashboard",
                dashboardClient + "secret-sha256=" + TesseraSystem.sha256Hex(dashboardSecret),
                dashboardClient + "redirect-uris=" + dashboardUri() + "/login/oauth2/code/tessera",
                dashboardClient + "post-logout-redirect-uris=" + dashboardUri() + "/bye",
                dashboardClient + "first-party=true",
                nodeClient + "name=Node app",
                nodeClient + "redirect-uris=" + nodeUri() + "/callback");
    }

    @BeforeAll
    static void startTheApplications() {
        system = SharedSystem.get();
        List<String> arguments = new ArrayList<>(List.of(
                // Where the dashboard calls Tessera's API with the access token it holds.
                "--dashboard.api-uri=" + system.gatewayUri()));
        for (String line : readmeProperties()) {
            arguments.add("--"
                    + line.replace("http://localhost:8080", system.gatewayUri().toString())
                            .replace("${DASHBOARD_SECRET}", dashboardSecret));
        }
        dashboard = AppProcess.springBoot(
                "openid-clients",
                "dashboard",
                "dev.tessera.e2e.openidclient.DashboardApplication",
                dashboardPort,
                arguments);
        Path nodeDirectory = root.resolve("interop/node-openid-client");
        npmCi(nodeDirectory);
        node = AppProcess.start(
                "openid-clients",
                "node-openid-client",
                List.of("node", "client.js"),
                Map.of(
                        "TESSERA_ISSUER", system.gatewayUri().toString(),
                        "TESSERA_CLIENT_ID", NODE_APP,
                        "PORT", String.valueOf(nodePort)),
                nodeDirectory,
                java.net.URI.create("http://127.0.0.1:" + nodePort));
        // Unauthenticated, the dashboard sends a browser to log in (302); the Node app answers 401 on /me.
        dashboard.awaitReady(() -> dashboard.api().get("/").status() == 302);
        node.awaitListening("/me");
    }

    @AfterAll
    static void stopTheApplications() {
        for (AppProcess app : new AppProcess[] {dashboard, node}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void openBrowser() {
        this.chromium = Chromium.start();
        this.browser = this.chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (this.chromium != null) {
            this.chromium.close();
        }
    }

    @Test
    @Order(1)
    void springBootAppWhenUserSignsInOnTesserasPageThenItKnowsTheUserAndItsAccessTokenWorksAtTheGateway() {
        String name = unique("boot");
        String userId = register(name);

        this.browser.get(dashboardUri() + "/");
        signInOnTesserasPage(name);
        JsonNode page = jsonPage(dashboardUri() + "/");

        // The ID token, checked by Spring Security (signature, iss, aud, nonce), names the user.
        assertThat(page.get("name").asString()).isEqualTo(userId);
        JsonNode idToken = page.get("idToken");
        assertThat(idToken.get("iss").asString()).isEqualTo(system.gatewayUri().toString());
        assertThat(idToken.get("aud").values()).extracting(JsonNode::asString).containsExactly(DASHBOARD);
        assertThat(idToken.get("nonce").asString()).isNotBlank();
        assertThat(page.get("userInfo").get("sub").asString()).isEqualTo(userId);
        assertThat(page.get("userInfo").get("preferred_username").asString()).isEqualTo(name);
        assertThat(page.get("scopes").values()).extracting(JsonNode::asString).contains("openid", "profile");
        // The application's access token is a normal Tessera access token: the gateway accepts it.
        assertThat(page.get("gatewayMe").get("id").asString())
                .as(page.toString())
                .isEqualTo(userId);
        assertThat(page.get("gatewayMe").get("username").asString()).isEqualTo(name);
        // Spring Security logs every decision here (TRACE), and still never the client's secret.
        assertThat(dashboard.logText()).contains("Started DashboardApplication").doesNotContain(dashboardSecret);
    }

    @Test
    @Order(2)
    void springBootAppWhenUserAlreadySignedInAtTesseraThenNoPasswordIsAsked() {
        String name = unique("sso");
        String userId = register(name);
        this.browser.get(system.gatewayUri() + "/#/login");
        typeCredentials(name);
        new WebDriverWait(this.browser, PATIENCE)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), name));

        this.browser.get(dashboardUri() + "/");
        JsonNode page = jsonPage(dashboardUri() + "/");

        assertThat(page.get("name").asString()).isEqualTo(userId);
    }

    @Test
    @Order(3)
    void springBootAppWhenUserSignsOutThenTesserasSessionEndsAndTheNextVisitAsksForThePassword() {
        String name = unique("bye");
        register(name);
        this.browser.get(dashboardUri() + "/");
        signInOnTesserasPage(name);
        jsonPage(dashboardUri() + "/");

        this.browser.get(dashboardUri() + "/signout");
        this.browser.findElement(By.id("sign-out")).click();

        // Spring Security's RP-initiated logout: Tessera's end_session, then back to the registered URI.
        new WebDriverWait(this.browser, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(By.id("bye")));
        assertThat(this.browser.getCurrentUrl()).isEqualTo(dashboardUri() + "/bye");
        // The Tessera session is over, and the next visit asks for the password at once: the gateway may still take
        // the browser's access cookie until the revocation feed reaches it, but auth-service knows the session ended
        // and sends the browser to the login page with session=ended (which then does not go straight back).
        List<String> visits = new ArrayList<>();
        assertThat(loginFormAfterVisit(visits)).as("after sign-out: %s", visits).isTrue();
    }

    /**
     * Visits the dashboard and waits until the browser settles: on the dashboard's page (still signed in at Tessera)
     * or on Tessera's login form, still there a second later (the page shows the form, then leaves it at once for
     * the authorize request if its session is still good). Records where it went.
     */
    private boolean loginFormAfterVisit(List<String> visits) {
        this.browser.get(dashboardUri() + "/");
        try {
            new WebDriverWait(this.browser, PATIENCE).until(driver -> onLoginForm() || onJsonPage(dashboardUri()));
            if (onLoginForm()) {
                TesseraSystem.sleep(Duration.ofSeconds(1));
            }
        } catch (TimeoutException ex) {
            visits.add("stuck at " + this.browser.getCurrentUrl() + ": "
                    + this.browser.findElement(By.tagName("body")).getText());
            return false;
        }
        visits.add(this.browser.getCurrentUrl());
        return onLoginForm();
    }

    /**
     * The Node app is third-party: the first sign-in shows Tessera's consent page in a real browser (the gateway's
     * CSP, its {@code Referrer-Policy} and the form's {@code Origin} all as Chromium applies them), Allow finishes the
     * login; the next sign-in of the same user goes straight through.
     */
    @Test
    @Order(4)
    void nodePublicClientWhenUserSignsInWithPkceAndAllowsThenIdTokenAndUserinfoNameTheUserAndConsentIsAskedOnce() {
        String name = unique("node");
        String userId = register(name);

        this.browser.get(nodeUri() + "/login");
        signInOnTesserasPage(name);
        consentPage();
        assertThat(this.browser
                        .findElement(By.cssSelector("[data-testid=client-name]"))
                        .getText())
                .isEqualTo("Node app");
        assertThat(this.browser.findElements(By.cssSelector("[data-testid=scopes] li")))
                .extracting(scope -> scope.getAttribute("data-scope"))
                .containsExactlyInAnyOrder("openid", "profile");
        this.browser.findElement(By.cssSelector("[data-testid=consent-allow]")).click();
        JsonNode me = jsonPage(nodeUri() + "/me");

        JsonNode idToken = me.get("idToken");
        assertThat(idToken.get("sub").asString()).as(me.toString()).isEqualTo(userId);
        assertThat(idToken.get("iss").asString()).isEqualTo(system.gatewayUri().toString());
        assertThat(
                        idToken.get("aud").isArray()
                                ? idToken.get("aud").get(0).asString()
                                : idToken.get("aud").asString())
                .isEqualTo(NODE_APP);
        assertThat(me.get("userInfo").get("preferred_username").asString()).isEqualTo(name);
        assertThat(me.get("tokenType").asString()).isEqualToIgnoringCase("bearer");
        assertThat(me.get("scope").asString()).contains("openid");

        // Signed out of the Node app only (its cookies on localhost; Tessera's stay on 127.0.0.1): signing in again
        // asks neither the password (single sign-on) nor consent (remembered).
        this.browser.manage().deleteAllCookies();
        this.browser.get(nodeUri() + "/me");
        assertThat(jsonPage(nodeUri() + "/me").get("error").asString()).isEqualTo("not signed in");
        this.browser.get(nodeUri() + "/login");
        JsonNode again = jsonPage(nodeUri() + "/me");
        assertThat(again.get("idToken").get("sub").asString()).isEqualTo(userId);
    }

    /** Deny on the consent page: the Node app gets access_denied, with Tessera's {@code iss} (RFC 9207) checked. */
    @Test
    @Order(5)
    void nodePublicClientWhenUserDeniesConsentThenTheApplicationGetsAccessDenied() {
        String name = unique("deny");
        register(name);

        this.browser.get(nodeUri() + "/login");
        signInOnTesserasPage(name);
        consentPage();
        this.browser.findElement(By.cssSelector("[data-testid=consent-deny]")).click();
        JsonNode answer = jsonPage(nodeUri() + "/callback");

        assertThat(answer.get("oauthError").asString()).as(answer.toString()).isEqualTo("access_denied");
        this.browser.get(nodeUri() + "/me");
        assertThat(jsonPage(nodeUri() + "/me").get("error").asString()).isEqualTo("not signed in");
    }

    /** Waits for Tessera's consent page (served by the gateway from auth-service). */
    private void consentPage() {
        try {
            new WebDriverWait(this.browser, PATIENCE)
                    .until(driver ->
                            driver.getCurrentUrl().startsWith(system.gatewayUri() + "/api/auth/oauth2/consent?")
                                    && !driver.findElements(By.cssSelector("[data-testid=consent-allow]"))
                                            .isEmpty());
        } catch (TimeoutException ex) {
            throw new AssertionError(
                    "expected the consent page, the browser is at " + this.browser.getCurrentUrl() + " showing:\n"
                            + this.browser.findElement(By.tagName("body")).getText(),
                    ex);
        }
    }

    /** Tessera's login page, reached through the client's redirect: the user types the password there. */
    private void signInOnTesserasPage(String name) {
        new WebDriverWait(this.browser, PATIENCE).until(driver -> onLoginForm());
        assertThat(this.browser.getCurrentUrl())
                .startsWith(system.gatewayUri() + "/?continue=%2Fapi%2Fauth%2Foauth2%2Fauthorize%3F");
        typeCredentials(name);
    }

    private void typeCredentials(String name) {
        // The page renders its form from a template once its script has asked who is signed in: on a loaded
        // machine that is well after the load event Selenium's get() waits for.
        new WebDriverWait(this.browser, PATIENCE).until(driver -> onLoginForm());
        this.browser.findElement(By.name("username")).sendKeys(name);
        this.browser.findElement(By.name("password")).sendKeys(PASSWORD);
        this.browser.findElement(By.cssSelector("#login-form button")).click();
    }

    private boolean onLoginForm() {
        return this.browser.getCurrentUrl().startsWith(system.gatewayUri().toString())
                && !this.browser.findElements(By.id("login-form")).isEmpty();
    }

    private boolean onJsonPage(String base) {
        return this.browser.getCurrentUrl().startsWith(base)
                && !this.browser.findElements(By.tagName("pre")).isEmpty();
    }

    /**
     * Waits until the browser shows a JSON page at {@code url} (with any query: Spring Security marks the request it
     * resumes after a login with {@code ?continue}), and reads it.
     */
    private JsonNode jsonPage(String url) {
        try {
            new WebDriverWait(this.browser, PATIENCE)
                    .until(driver -> withoutQuery(driver.getCurrentUrl()).equals(url)
                            && !driver.findElements(By.tagName("pre")).isEmpty());
        } catch (TimeoutException ex) {
            throw new AssertionError(
                    "expected a JSON page at " + url + ", the browser is at "
                            + this.browser.getCurrentUrl() + " showing:\n"
                            + this.browser.findElement(By.tagName("body")).getText(),
                    ex);
        }
        return Api.json.readTree(preText());
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return (query < 0) ? url : url.substring(0, query);
    }

    /** The document's text as served: Chromium shows JSON in a {@code pre} (and may add a pretty-print control). */
    private String preText() {
        return (String)
                ((JavascriptExecutor) this.browser).executeScript("return document.querySelector('pre').textContent");
    }

    private static String register(String name) {
        Api gateway = new Api(system.gatewayUri());
        String token =
                gateway.registerAndLogin(name, PASSWORD).get("access_token").asString();
        return gateway.get("/api/auth/me", "Authorization", "Bearer " + token)
                .json()
                .get("id")
                .asString();
    }

    /** The section's properties block: the Spring Boot application's settings. */
    static List<String> readmeProperties() {
        List<String> lines = Readme.properties(Readme.section(SECTION));
        assertThat(lines)
                .allMatch(line -> line.startsWith("spring.security.oauth2.client."))
                .contains("spring.security.oauth2.client.registration.tessera.client-id=" + DASHBOARD);
        return lines;
    }

    /** npm ci for the Node client: its dependencies exactly as package-lock.json pins them. */
    private static void npmCi(Path directory) {
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(npm.exitValue())
                    .as("npm ci in " + directory + ":\n" + output)
                    .isZero();
        } catch (IOException ex) {
            throw new IllegalStateException(
                    "interop/node-openid-client needs node (20 or newer) and npm: install Debian's packages nodejs"
                            + " and npm (apt-get install nodejs npm)",
                    ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String dashboardUri() {
        return "http://localhost:" + dashboardPort;
    }

    private static String nodeUri() {
        return "http://localhost:" + nodePort;
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
