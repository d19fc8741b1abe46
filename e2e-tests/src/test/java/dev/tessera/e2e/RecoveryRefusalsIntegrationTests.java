package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The account-recovery screens when the answer is no (issue 17), in headless Chromium, each in words a person reads
 * and with a screenshot in English and in Chinese: a reset link opened after it expired (410 {@code expired-link}),
 * "forgot password" asked too often for one address (429 {@code too-many-mails}, the wait in words), and a
 * verification link for an address another account verified meanwhile (409 {@code email-taken}). Screenshots {@code
 * 35…37} and {@code zh-35…37} in {@code target/screenshots/}.
 */
@Order(16)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryRefusalsIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    private TesseraSystem system;

    private Api api;

    private String base;

    private Chromium chromium;

    private WebDriver browser;

    private ForumPage page;

    @BeforeAll
    void useSystem() throws Exception {
        Chromium.requireChineseFont();
        this.system = SharedSystem.get();
        this.api = new Api(this.system.gatewayUri());
        this.base = "http://localhost:" + this.system.gatewayUri().getPort();
    }

    @AfterEach
    void closeBrowser() {
        if (this.chromium != null) {
            this.chromium.close();
            this.chromium = null;
        }
    }

    /**
     * A reset link lives 30 minutes; the test makes this one older (its row's expiry moved into the past, as time
     * would) rather than wait. The page says the link expired and offers to ask for a new one; the password is
     * unchanged.
     */
    @Test
    void resetLinkWhenExpiredThenThePageSaysSoAndThePasswordStays() throws Exception {
        String name = unique("expired");
        String address = verifiedAddress(name);
        assertThat(this.api
                        .post("/api/auth/password/forgot", Map.of("email", address))
                        .status())
                .isEqualTo(202);
        String token = AccountRecoveryIntegrationTests.linkToken(address, "reset-password");
        expireResetLinksOf(name);

        browse("en-US", "Tessera Forum");
        this.page.open("#/reset-password?token=" + token);
        submitNewPassword("an entirely new password");

        this.page.waitForText(By.id("notice"), "This link has expired. Ask for a new one.");
        assertThat(this.browser.findElement(By.linkText("Ask for a new one")).isDisplayed())
                .isTrue();
        this.page.screenshot("35-expired-reset-link");
        chinese();
        submitNewPassword("an entirely new password");
        this.page.waitForText(By.id("notice"), "这个链接已过期。请重新申请一个。");
        this.page.screenshot("zh-35-expired-reset-link");
        assertThat(this.api.login(name, PASSWORD).get("access_token")).isNotNull();
    }

    /**
     * auth-service sends at most three recovery messages an hour to one address, known or not; the fourth request is
     * 429 with Retry-After, which the page turns into a wait in words (not "a link is on its way").
     */
    @Test
    void forgotPasswordWhenAskedTooOftenForOneAddressThenTheWaitIsShownInWords() {
        String address = unique("often") + "@example.com";
        browse("en-US", "Tessera Forum");
        for (int request = 1; request <= 3; request++) {
            this.page.open("#/forgot-password");
            askForLink(address);
            this.page.waitForText(By.id("notice"), "If that address belongs to an account, a link is on its way.");
        }

        this.page.open("#/forgot-password");
        askForLink(address);

        this.page.waitForText(By.id("notice"), "Too many attempts. Please wait");
        assertThat(this.page.text(By.id("notice"))).doesNotContain("on its way");
        this.page.screenshot("36-forgot-password-too-often");
        chinese();
        this.page.open("#/forgot-password");
        askForLink(address);
        this.page.waitForText(By.id("notice"), "尝试次数过多。请等待");
        this.page.screenshot("zh-36-forgot-password-too-often");
    }

    /**
     * Two accounts give the same address; the second verifies it first. The first account's link then cannot make it
     * theirs too (409): the page says the address belongs to another account, and it stays unverified for them.
     */
    @Test
    void verificationLinkWhenAnotherAccountVerifiedTheAddressMeanwhileThenThePageSaysSo() {
        String first = unique("first");
        String second = unique("second");
        String address = unique("shared") + "@example.com";
        String firstToken = bearer(first);
        setAddress(firstToken, address);
        String firstLink = AccountRecoveryIntegrationTests.linkToken(address, "verify-email");
        setAddress(bearer(second), address);
        String secondLink = await(address, firstLink);
        assertThat(this.api
                        .post("/api/auth/email/verify", Map.of("token", secondLink))
                        .status())
                .isEqualTo(204);

        browse("en-US", "Tessera Forum");
        this.page.open("#/verify-email?token=" + firstLink);

        this.page.waitForText(By.id("notice"), "This e-mail address is already verified for another account.");
        this.page.screenshot("37-email-taken");
        assertThat(this.api
                        .get("/api/auth/me/email", "Authorization", firstToken)
                        .json()
                        .get("verified")
                        .asBoolean())
                .isFalse();
        chinese();
        this.page.open("#/");
        this.page.open("#/verify-email?token=" + firstLink);
        this.page.waitForText(By.id("notice"), "这个电子邮件地址已被另一个账户验证。");
        this.page.screenshot("zh-37-email-taken");
    }

    /** Registers {@code name} and verifies an address for it through the API; answers the address. */
    private String verifiedAddress(String name) {
        String address = name + "@example.com";
        setAddress(bearer(name), address);
        String link = AccountRecoveryIntegrationTests.linkToken(address, "verify-email");
        assertThat(this.api
                        .post("/api/auth/email/verify", Map.of("token", link))
                        .status())
                .isEqualTo(204);
        return address;
    }

    private String bearer(String name) {
        return "Bearer "
                + this.api.registerAndLogin(name, PASSWORD).get("access_token").asString();
    }

    private void setAddress(String bearer, String address) {
        Api.Response set =
                this.api.send("PUT", "/api/auth/me/email", Map.of("email", address), "Authorization", bearer);
        assertThat(set.status()).as(set.toString()).isEqualTo(202);
    }

    /** The newest verification link for {@code address} once it is not {@code previous}. */
    private static String await(String address, String previous) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> AccountRecoveryIntegrationTests.linkToken(address, "verify-email"),
                        link -> !link.equals(previous));
    }

    /** Moves the expiry of the account's unused reset links into the past, as 30 minutes would. */
    private void expireResetLinksOf(String name) throws SQLException {
        TestDatabase database = this.system.authDatabase();
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement expire =
                        connection.prepareStatement("UPDATE recovery_token SET expires_at = now() - interval '1 minute'"
                                + " WHERE purpose = 'RESET_PASSWORD' AND used_at IS NULL"
                                + " AND account_id = (SELECT id FROM account WHERE username = ?)")) {
            expire.setString(1, name);
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }
    }

    private void browse(String language, String brand) {
        this.chromium = Chromium.start(language);
        this.browser = this.chromium.driver();
        this.page = new ForumPage(this.browser, this.base, brand);
    }

    /** The page's language switch, as a person would use it. */
    private void chinese() {
        new Select(this.browser.findElement(By.id("language"))).selectByValue("zh-CN");
        this.page.brand("Tessera 论坛");
    }

    private void submitNewPassword(String password) {
        var input = this.page.interactable(By.cssSelector("#reset-form input[name=password]"));
        input.clear();
        input.sendKeys(password);
        this.browser
                .findElement(By.cssSelector("#reset-form button[type=submit]"))
                .click();
    }

    private void askForLink(String address) {
        this.page.interactable(By.cssSelector("#forgot-form input[name=email]")).sendKeys(address);
        this.browser
                .findElement(By.cssSelector("#forgot-form button[type=submit]"))
                .click();
    }
}
