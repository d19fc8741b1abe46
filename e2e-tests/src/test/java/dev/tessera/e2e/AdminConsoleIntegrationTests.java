package dev.tessera.e2e;

import static dev.tessera.e2e.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console (issue 17) in headless Chromium: an administrator without a second factor is told what to do; the
 * bootstrap administrator, logged in with both factors, manages a user just registered (a role made in the console,
 * disable and enable, a password-reset link), reads the audit log filtered and rotates the signing keys; then the
 * console in Chinese. Screenshots {@code 27-admin-*} and {@code zh-27-admin-*} in {@code target/screenshots/}.
 */
@Order(15)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIntegrationTests {

    private static final String PASSWORD = "a long enough password";

    private TesseraSystem system;

    private Api api;

    private String base;

    private Chromium chromium;

    private WebDriver browser;

    private ForumPage page;

    /** The user the administrator manages, with a verified address (a reset link needs one), and the new role. */
    private String user;

    private String address;

    private String role;

    @BeforeAll
    void startSystem() {
        this.system = SharedSystem.get();
        this.api = new Api(this.system.gatewayUri());
        this.base = "http://localhost:" + this.system.gatewayUri().getPort();
        this.user = unique("managed");
        this.address = this.user + "@example.com";
        this.role = "EDITOR_" + unique("").toUpperCase(java.util.Locale.ROOT);
        String token = this.api
                .registerAndLogin(this.user, PASSWORD)
                .get("access_token")
                .asString();
        Api.Response email = this.api.send(
                "PUT", "/api/auth/me/email", Map.of("email", this.address), "Authorization", "Bearer " + token);
        assertThat(email.status()).as(email.toString()).isEqualTo(202);
        String verify = AccountRecoveryIntegrationTests.linkToken(this.address, "verify-email");
        assertThat(this.api
                        .post("/api/auth/email/verify", Map.of("token", verify))
                        .status())
                .isEqualTo(204);
    }

    @AfterEach
    void closeBrowser() {
        if (this.chromium != null) {
            this.chromium.close();
            this.chromium = null;
        }
    }

    /**
     * The gateway wants a second factor for administration (RFC 9470 step-up): an administrator who logged in with a
     * password only, and has no authenticator app, is told to set one up on Account and log in again with its code,
     * in English and in Chinese.
     */
    @Test
    @Order(1)
    void consoleWhenAdministratorHasNoSecondFactorThenExplainsHowToGetOne() throws Exception {
        Chromium.requireChineseFont();
        String deputy = unique("deputy");
        this.api.registerAndLogin(deputy, PASSWORD);
        String admin = "Bearer " + this.system.adminToken(this.api);
        String id = idOf(deputy, admin);
        Api.Response granted = this.api.send(
                "PUT",
                "/api/auth/admin/users/" + id + "/roles",
                Map.of("roles", List.of("ADMIN")),
                "Authorization",
                admin);
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        try {
            browse("en-US", "Tessera Forum");
            this.page.open("#/login");
            this.page.logIn(deputy, PASSWORD);
            this.page.interactable(By.id("nav-admin")).click();

            this.page.waitForText(By.id("admin-step-up"), "Set up an authenticator app on your Account page");
            assertThat(this.browser.findElement(By.id("admin-step-up-account")).isDisplayed())
                    .isTrue();
            assertThat(this.page.text(By.id("admin-body"))).isEmpty();
            this.page.screenshot("27-admin-step-up");

            new Select(this.browser.findElement(By.id("language"))).selectByValue("zh-CN");
            this.page.brand("Tessera 论坛");
            this.page.waitForText(By.id("admin-step-up"), "请先在“账户”页面设置身份验证器应用");
            this.page.screenshot("zh-27-admin-step-up");
            new Select(this.browser.findElement(By.id("language"))).selectByValue("en");
            this.page.brand("Tessera Forum");
            this.page.waitForText(By.id("admin-step-up"), "Set up an authenticator app");

            this.page.interactable(By.id("admin-step-up-logout")).click();
            this.page.waitForText(By.id("notice"), "enter the code your authenticator app shows");
            assertThat(this.page.text(By.id("whoami"))).isEmpty();
        } finally {
            this.api.send(
                    "PUT",
                    "/api/auth/admin/users/" + id + "/roles",
                    Map.of("roles", List.of("USER")),
                    "Authorization",
                    admin);
        }
    }

    @Test
    @Order(2)
    void consoleWhenAdministratorLoggedInWithBothFactorsThenManagesUsersRolesAuditAndKeys() {
        browse("en-US", "Tessera Forum");
        logInAsAdministrator();
        this.page.interactable(By.id("nav-admin")).click();
        this.page.waitForText(By.id("user-count"), "accounts");

        // A role made in the console, with a permission.
        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=roles]")).click();
        WebElement form = this.page.interactable(By.id("role-form"));
        form.findElement(By.name("name")).sendKeys(this.role);
        form.findElement(By.name("description")).sendKeys("Edits the handbook");
        form.findElement(By.name("permissions")).sendKeys("handbook:edit, forum:post");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        this.page.waitForText(By.id("notice"), "Role " + this.role + " created.");
        WebElement created = roleItem();
        assertThat(created.getText()).contains("forum:post", "handbook:edit", "0 accounts");
        this.page.screenshot("28-admin-roles");

        // The user just registered: found, given the role, disabled and enabled, sent a reset link.
        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=users]")).click();
        this.page.waitForText(By.id("user-count"), "accounts");
        WebElement search = this.page.interactable(By.cssSelector("#user-search input[name=q]"));
        search.sendKeys(this.user + "\n");
        exactly(By.id("user-count"), "1 account");
        userItem().findElement(By.cssSelector(".edit-roles")).click();
        this.page
                .interactable(By.cssSelector(
                        "#user-list li[data-username='" + this.user + "'] input[value='" + this.role + "']"))
                .click();
        userItem()
                .findElement(By.cssSelector(".roles-form button[type=submit]"))
                .click();
        this.page.waitForText(By.id("notice"), "The roles of " + this.user + " are now " + this.role + ", USER.");
        assertThat(userItem().findElement(By.cssSelector(".roles")).getText()).contains(this.role);
        this.page.screenshot("29-admin-user-roles");

        userItem().findElement(By.cssSelector(".disable")).click();
        this.browser.switchTo().alert().accept();
        this.page.waitForText(By.id("notice"), this.user + " is disabled");
        assertThat(userItem().findElement(By.cssSelector(".disabled")).isDisplayed())
                .isTrue();
        assertThat(this.api
                        .post("/api/auth/login", Map.of("username", this.user, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        this.page.screenshot("30-admin-user-disabled");
        this.page.interactable(By.cssSelector("#user-list .enable")).click();
        this.page.waitForText(By.id("notice"), this.user + " can log in again.");
        assertThat(this.api.login(this.user, PASSWORD).get("access_token")).isNotNull();

        userItem().findElement(By.cssSelector(".reset")).click();
        this.page.waitForText(By.id("notice"), "A password-reset link is on its way");
        assertThat(AccountRecoveryIntegrationTests.linkToken(this.address, "reset-password"))
                .isNotBlank();
        this.page.screenshot("31-admin-reset-link-sent");

        // A role accounts hold cannot be deleted: said in words.
        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=roles]")).click();
        this.page.waitForText(By.cssSelector("#role-list li[data-role=" + this.role + "]"), "1 account");
        roleItem().findElement(By.cssSelector(".delete")).click();
        this.browser.switchTo().alert().accept();
        this.page.waitForText(By.id("notice"), "Accounts still hold this role");

        // The audit log, from the user's link, then only the disabling.
        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=users]")).click();
        this.page.waitForText(By.id("user-count"), "accounts");
        this.page.interactable(By.cssSelector("#user-search input[name=q]")).sendKeys(this.user + "\n");
        exactly(By.id("user-count"), "1 account");
        userItem().findElement(By.cssSelector(".audit")).click();
        this.page.waitForText(By.id("audit-table"), "Password-reset link sent");
        assertThat(this.page.text(By.id("audit-table"))).contains("Account disabled", "Account enabled", "admin");
        new Select(this.page.interactable(By.cssSelector("#audit-filter select[name=type]")))
                .selectByValue("ACCOUNT_DISABLED");
        this.browser
                .findElement(By.cssSelector("#audit-filter button[type=submit]"))
                .click();
        exactly(By.id("audit-count"), "1 event");
        List<WebElement> rows = this.browser.findElements(By.cssSelector("#audit-table tbody tr"));
        assertThat(rows)
                .singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("Account disabled", this.user, "admin"));
        assertThat(this.browser.getCurrentUrl()).contains("type=ACCOUNT_DISABLED", "account=");
        this.page.screenshot("32-admin-audit-filtered");

        // The signing keys: rotate now; the new key is the active one, the previous one retired.
        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=keys]")).click();
        this.page.waitForText(By.id("key-table"), "active");
        String before = activeKid();
        this.page
                .interactable(By.cssSelector("#key-rotate button[type=submit]"))
                .click();
        this.browser.switchTo().alert().accept();
        this.page.waitForText(By.id("notice"), "signs from now on.");
        String after = activeKid();
        assertThat(after).isNotEqualTo(before);
        assertThat(this.page.text(By.id("notice"))).contains(after);
        assertThat(this.page.text(By.id("key-table"))).contains(before).contains("retired");
        this.page.screenshot("33-admin-keys-rotated");

        // A machine client: its secret shown once.
        this.page
                .interactable(By.cssSelector("#admin-tabs a[data-tab=clients]"))
                .click();
        String client = unique("console-");
        WebElement clientForm = this.page.interactable(By.id("client-form"));
        clientForm.findElement(By.name("clientId")).sendKeys(client);
        clientForm.findElement(By.name("audiences")).sendKeys("forum-service");
        clientForm.findElement(By.name("scopes")).sendKeys("forum:read");
        clientForm.findElement(By.cssSelector("button[type=submit]")).click();
        this.page.waitForText(By.id("notice"), "Client " + client + " registered.");
        assertThat(this.page.text(By.cssSelector("#client-secret .value"))).isNotBlank();
        assertThat(this.page.text(By.id("client-list"))).contains(client, "forum-service");
        this.page.screenshot("34-admin-clients-secret-once");
    }

    /** The console in Chinese (the browser prefers it): the same screens, problem answers in the page's words. */
    @Test
    @Order(3)
    void consoleWhenBrowserPrefersChineseThenEveryScreenSpeaksChinese() throws Exception {
        Chromium.requireChineseFont();
        browse("zh-CN", "Tessera 论坛");
        logInAsAdministrator();
        assertThat(this.page.text(By.id("nav-admin"))).isEqualTo("管理");
        this.page.interactable(By.id("nav-admin")).click();
        this.page.waitForText(By.id("user-count"), "个账户");
        WebElement search = this.page.interactable(By.cssSelector("#user-search input[name=q]"));
        search.sendKeys(this.user + "\n");
        exactly(By.id("user-count"), "1 个账户");
        assertThat(userItem().getText()).contains("编辑角色", "停用", "发送重置密码链接", this.role);
        this.page.screenshot("zh-29-admin-users");

        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=roles]")).click();
        this.page.waitForText(By.cssSelector("#role-list li[data-role=" + this.role + "]"), "1 个账户");
        roleItem().findElement(By.cssSelector(".delete")).click();
        this.browser.switchTo().alert().accept();
        this.page.waitForText(By.id("notice"), "还有账户拥有这个角色");
        this.page.screenshot("zh-28-admin-roles-in-use");

        this.page.open("#/admin/audit?type=ROLES_CHANGED");
        this.page.waitForText(By.id("audit-table"), "账户的角色已更改");
        assertThat(new Select(this.browser.findElement(By.cssSelector("#audit-filter select[name=type]")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("账户的角色已更改");
        this.page.screenshot("zh-32-admin-audit-filtered");

        this.page.interactable(By.cssSelector("#admin-tabs a[data-tab=keys]")).click();
        this.page.waitForText(By.id("key-table"), "有效（正在签名）");
        this.page.screenshot("zh-33-admin-keys");

        this.page
                .interactable(By.cssSelector("#admin-tabs a[data-tab=clients]"))
                .click();
        this.page.waitForText(By.id("client-form"), "注册机器客户端");
        this.page.screenshot("zh-34-admin-clients");
    }

    private void browse(String language, String brand) {
        this.chromium = Chromium.start(language);
        this.browser = this.chromium.driver();
        this.page = new ForumPage(this.browser, this.base, brand);
    }

    private void logInAsAdministrator() {
        String key = this.system.adminTotpKey(this.api);
        this.page.open("#/login");
        this.page.logInWithCode(
                TesseraSystem.ADMIN_USERNAME, this.system.adminPassword(), () -> this.system.adminCode(key));
        this.page.waitForText(By.id("whoami"), "ADMIN");
    }

    /** Waits for the whole text ("1 account", not "21 accounts"). */
    private void exactly(By locator, String text) {
        new WebDriverWait(this.browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(locator, text));
    }

    private WebElement userItem() {
        return this.page.interactable(By.cssSelector("#user-list li[data-username='" + this.user + "']"));
    }

    private WebElement roleItem() {
        return this.page.interactable(By.cssSelector("#role-list li[data-role='" + this.role + "']"));
    }

    private String activeKid() {
        return new WebDriverWait(this.browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#key-table tr[data-status=active] code")))
                .getText();
    }

    /** The id of an account, found by the admin API's search. */
    private String idOf(String username, String authorization) {
        Api.Response found = this.api.get("/api/auth/admin/users?q=" + username, "Authorization", authorization);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return found.json().get("items").get(0).get("id").asString();
    }
}
