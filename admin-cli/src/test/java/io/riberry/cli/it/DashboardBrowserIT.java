package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.riberry.cli.dev.DevSystem;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's Chromium driven by Playwright) against a real
 * {@code riberry dev} system: what a user does on the pages reaches the platform, and what the
 * platform does shows up on the pages without a reload. Every test fails on any JavaScript error or
 * console error. Screenshots for the README land in {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final double SCREEN_TIMEOUT_MS = 30_000;

    private DevSystem system;
    private ApiClient api;
    private String base;
    private Playwright playwright;
    private Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> javaScriptErrors = new CopyOnWriteArrayList<>();
    /** Answers a test provokes on purpose (a 400 to a bad submit): Chromium logs each refused request as a console error. */
    private final List<Pattern> expectedRefusals = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startSystemAndBrowser(@TempDir final Path dataDir) throws IOException {
        system = DevSystem.start(new DevSystem.Settings(0, 0, 0, dataDir, Path.of("..", "config", "catalog.yaml")));
        api = new ApiClient(system.apiUrl(), system.adminToken());
        base = system.apiUrl().replaceFirst("/api/v1/?$", "");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
        Files.createDirectories(SCREENSHOTS);
        // Executions take their time (a dispatch, a worker): every on-screen expectation waits this long.
        PlaywrightAssertions.setDefaultAssertionTimeout(SCREEN_TIMEOUT_MS);
    }

    @AfterAll
    void stopBrowserAndSystem() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @BeforeEach
    void openPageAsAdministrator() {
        page = open(Map.of("Authorization", "Bearer " + system.adminToken()));
    }

    @AfterEach
    void closePageWithoutJavaScriptErrors() {
        context.close();
        final List<String> seen = List.copyOf(javaScriptErrors);
        javaScriptErrors.clear();
        expectedRefusals.clear();
        assertThat(seen).as("JavaScript and console errors").isEmpty();
    }

    /** A fresh browser context (no cookies) with these headers on every request, watched for errors. */
    private Page open(final Map<String, String> headers) {
        if (context != null) {
            context.close();
        }
        context = browser.newContext(new Browser.NewContextOptions().setExtraHTTPHeaders(headers).setAcceptDownloads(true)
                .setViewportSize(1280, 900).setBaseURL(base));
        final Page opened = context.newPage();
        opened.onPageError(error -> javaScriptErrors.add("page error: " + error));
        opened.onConsoleMessage(message -> {
            final String logged = message.text() + " at " + message.location();
            if ("error".equals(message.type()) && expectedRefusals.stream().noneMatch(refusal -> refusal.matcher(logged).matches())) {
                javaScriptErrors.add("console: " + logged);
            }
        });
        opened.setDefaultTimeout(SCREEN_TIMEOUT_MS);
        return opened;
    }

    @Test
    void shouldShowAJobSubmittedThroughTheFormPageReachingSuccess() {
        page.navigate("/forms/hello");
        page.locator("#job-name").fill("browser-hello");
        page.locator("#input-name").fill("Ada");
        page.locator("#submit-form button[type=submit]").click();

        page.waitForURL(Pattern.compile(".*/executions/[0-9a-f-]{36}$"));
        see(page.locator(".page-head .badge")).hasText("SUCCESS");
        see(page.locator("h1")).containsText("browser-hello");
        see(page.locator("tr[data-input=name] td")).hasText("Ada");
        see(page.locator("#progress-message")).hasText("Hello, Ada!");
        see(page.locator("ol.timeline li.reached")).hasCount(4);
    }

    @Test
    void shouldShowAValidationReasonBesideItsField() {
        page.navigate("/forms/hello");
        page.locator("#job-name").fill("browser-invalid");
        page.locator("#input-name").fill("");
        expectRefusal(400, "/api/v1/jobs");
        page.locator("#submit-form button[type=submit]").click();

        final Locator nameField = page.locator("[data-input=name]");
        see(nameField.locator(".field-error")).hasText("missing required input \"name\"");
        see(nameField).hasClass(Pattern.compile("invalid"));
        see(page.locator("#input-name")).hasAttribute("aria-invalid", "true");
        see(page).hasURL(Pattern.compile(".*/forms/hello$"));
        screenshot("form-validation");
    }

    @Test
    void shouldMoveAStreamsProgressBarLiveWithoutReloading() {
        final String executionId = submit("report", "browser-paced-report", Map.of("pace", 4));
        page.navigate("/executions/" + executionId);
        markPageToDetectReloads();

        final Locator bar = page.locator("tr[data-stream=customers] progress");
        final double early = Eventually.awaitValue(Duration.ofSeconds(30), "the customers stream's bar with a value", () -> {
            final double value = barValue(bar);
            return value > 0 && value < 100 ? value : null;
        });
        final double later = Eventually.awaitValue(Duration.ofSeconds(30), "the bar rising past " + early, () -> {
            final double value = barValue(bar);
            return value > early ? value : null;
        });
        screenshot("execution-streams");
        see(bar).hasAttribute("max", "100");
        see(page.locator(".page-head .badge")).hasText("SUCCESS");
        assertThat(later).isGreaterThan(early);
        Eventually.await(Duration.ofSeconds(10), "the bar full", () -> barValue(bar) == 100);
        see(page.locator("tr[data-stream=customers] .stream-count")).containsText("100 / 100");
        assertNotReloaded();
    }

    @Test
    void shouldDownloadAnArtifactByteForByte() throws IOException {
        final String executionId = submit("report", "browser-download", Map.of("pace", 0));
        awaitStatus(executionId, "SUCCESS");
        // A download is the browser's own request, which carries the session cookie but not a page's extra headers.
        page = open(Map.of());
        signIn(system.adminToken());
        page.navigate("/executions/" + executionId);

        final Locator link = page.locator("a.download", new Page.LocatorOptions().setHasText("scores.csv"));
        final Download download = page.waitForDownload(link::click);

        final JsonNode artifact = artifactNamed(executionId, "scores.csv");
        final byte[] fromApi = api.getText("/artifacts/" + artifact.get("artifactId").asText() + "/content");
        assertThat(download.suggestedFilename()).isEqualTo("scores.csv");
        assertThat(Files.readAllBytes(download.path())).hasSize(artifact.get("size").asInt()).isEqualTo(fromApi);
    }

    @Test
    void shouldShowTheStackTraceOfAFailedExecution() {
        final String executionId = submit("fail", "browser-fail", Map.of());
        page.navigate("/executions/" + executionId);

        see(page.locator(".page-head .badge")).hasText("FAILURE");
        see(page.locator("pre.trace[data-artifact]").first())
                .containsText("java.lang.IllegalStateException: The fail form always fails (job browser-fail)");
        see(page.locator("pre.trace[data-artifact]").first()).containsText("at io.riberry.cli.dev.DemoWorkflows.fail");

        page.locator("a[href^='/jobs/']").click();
        see(page.locator(".page-head .badge")).hasText("ACCEPTED");
        see(page.locator("a[href='/executions/" + executionId + "']")).hasCount(1);

        // The job's page is live too: a re-run appears on it and ends, without a reload.
        final String jobId = api.get("/executions/" + executionId).body().get("jobId").asText();
        final String rerun = api.post("/jobs/" + jobId + "/executions", Map.of()).body().get("executionId").asText();
        see(page.locator("tr[data-execution-id='" + rerun + "']")).hasAttribute("data-status", "FAILURE");
        see(page.locator("tr[data-execution-id]")).hasCount(2);
    }

    @Test
    void shouldCancelARunningExecutionFromItsPage() {
        final String executionId = submit("report", "browser-cancel", Map.of("pace", 120));
        page.navigate("/executions/" + executionId);
        see(page.locator(".page-head .badge")).hasText("ACTIVE");
        page.onDialog(dialog -> dialog.accept());

        page.locator("#cancel").click();

        see(page.locator(".page-head .badge")).hasText("FAILURE");
        see(page.locator("#cancel")).hasCount(0);
        assertThat(api.get("/executions/" + executionId).body().get("status").asText()).isEqualTo("FAILURE");
    }

    @Test
    void shouldListANewExecutionAndItsSuccessWithoutReloading() {
        page.navigate("/executions");
        see(page.locator("#live-state")).hasAttribute("data-state", "live");
        markPageToDetectReloads();

        final String executionId = submit("report", "browser-listed", Map.of("pace", 2));

        final Locator row = page.locator("#executions a[data-execution-id='" + executionId + "']");
        see(row).hasCount(1);
        see(row.locator(".cell-job")).hasText("browser-listed");
        see(row).hasAttribute("data-status", "SUCCESS");
        see(row.locator(".cell-progress")).hasText("100%");
        assertNotReloaded();
        screenshot("executions");
    }

    @Test
    void shouldKeepFiltersInTheUrl() {
        submit("fail", "browser-filtered-fail", Map.of());
        final String hello = submit("hello", "browser-filtered-hello", Map.of("name", "Bo"));
        awaitStatus(hello, "SUCCESS");
        page.navigate("/executions?form=hello");

        see(page.locator("#filter-form")).hasValue("hello");
        see(page.locator("#executions a[data-execution-id='" + hello + "']")).hasCount(1);
        see(page.locator("#executions a.execution-row .cell-form").filter(new Locator.FilterOptions().setHasNotText("hello")))
                .hasCount(0);
        page.locator("#filter-status").selectOption("FAILURE");
        see(page).hasURL(Pattern.compile(".*/executions\\?form=hello&status=FAILURE$"));
        see(page.locator("#executions a[data-execution-id='" + hello + "']")).hasCount(0);
        page.goBack();
        see(page.locator("#filter-status")).hasValue("");
        see(page.locator("#executions a[data-execution-id='" + hello + "']")).hasCount(1);
    }

    @Test
    void shouldFindAnExecutionByItsJobName() {
        final String executionId = submit("hello", "browser-findable", Map.of("name", "Cy"));
        awaitStatus(executionId, "SUCCESS");
        page.navigate("/executions");

        page.locator("#find-job").fill("browser-findable");
        page.locator("#find-job").press("Enter");

        page.waitForURL(Pattern.compile(".*/executions/" + executionId + "$"));
        page.navigate("/executions");
        page.locator("#find-job").fill("no-such-job-name");
        expectRefusal(404, "/api/v1/job-names/no-such-job-name");
        page.locator("#find-job").press("Enter");
        see(page.locator(".messages .problem")).hasText("no job is named \"no-such-job-name\"");
    }

    @Test
    void shouldShowInstancesWithTheirCountsAndHeartbeats() {
        page.navigate("/instances");

        final Locator local = page.locator("tr[data-instance=demo-local]");
        see(local).hasAttribute("data-status", "ONLINE");
        see(local.locator("time.age")).containsText("ago");
        see(local).containsText("greeting");
        see(page.locator("tr[data-instance=demo-sleepy]")).hasAttribute("data-status", "CREATED");
        screenshot("instances");

        page.navigate("/instances/demo-local");
        see(page.locator("tr[data-schedule=minutely-hello]")).containsText("* * * * *");

        // Every schedule on one page, each with when it next runs (the column after "Enabled").
        page.navigate("/schedules");
        final Locator minutely = page.locator("#schedules tr[data-schedule=minutely-hello]");
        see(minutely).containsText("* * * * *");
        see(minutely.locator("td").nth(5)).hasText(Pattern.compile("\\d"));
    }

    @Test
    void shouldPageByCursorAndDrawOnlyTheRowsInView() {
        // sleepy's instance has no worker here: its executions wait, RECEIVED, and cost nothing.
        final int total = 150;
        for (int i = 0; i < total; i++) {
            submitUnawaited("sleepy", "browser-many-" + i, Map.of());
        }
        Eventually.await(Duration.ofSeconds(60), "all " + total + " listed", () -> countListed("sleepy") == total);
        page.navigate("/executions?form=sleepy");
        see(page.locator("#executions-count")).hasText("50+ shown");

        final Locator list = page.locator("#executions");
        Eventually.await(Duration.ofSeconds(30), "every page loaded by scrolling", () -> {
            list.evaluate("list => { list.scrollTop = list.scrollHeight; }");
            return page.locator("#executions-count").textContent().equals(total + " shown");
        });

        final int drawn = page.locator("#executions a.execution-row").count();
        assertThat(drawn).as("rows in the DOM").isBetween(10, 60);
        see(page.locator("#executions a[data-execution-id]").last().locator(".cell-job")).hasText(Pattern.compile("browser-many-\\d+"));
        list.evaluate("list => { list.scrollTop = 0; }");
        see(page.locator("#executions a.execution-row .cell-job").filter(new Locator.FilterOptions().setHasText("browser-many-" + (total - 1))))
                .hasCount(1);
    }

    private int countListed(final String form) {
        int count = 0;
        String cursor = null;
        do {
            final JsonNode page = api.get("/executions?limit=100&form=" + form + (cursor == null ? "" : "&cursor=" + cursor)).body();
            count += page.get("items").size();
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return count;
    }

    @Test
    void shouldSignInWithATokenOnTheLoginPage() {
        page = open(Map.of());
        page.navigate("/executions");
        see(page).hasURL(Pattern.compile(".*/login$"));

        signIn(system.adminToken());

        see(page.locator("main h1")).hasText("Executions");
        see(page.locator("body")).hasAttribute("data-subject", "admin");
    }

    @Test
    void shouldSignInWithABearerTokenOnThePageRequest() {
        page.navigate("/forms");

        see(page.locator("body")).hasAttribute("data-subject", "admin");
        see(page.locator("tr[data-form=report]")).containsText("demo-local");
    }

    @Test
    void shouldShowAViewerOnlyTheFormsOfItsGroups() {
        final ApiClient.Answer created = api.post("/tokens", Map.of("subject", "grace", "expiresIn", "PT1H"));
        assertThat(created.status()).as(created.message()).isEqualTo(201);
        page = open(Map.of("Authorization", "Bearer " + created.body().get("token").asText()));

        page.navigate("/forms");

        see(page.locator("body")).hasAttribute("data-subject", "grace");
        see(page.locator("tr[data-form]")).hasCount(2);
        see(page.locator("tr[data-form=hello]")).hasCount(1);
        see(page.locator("tr[data-form=report]")).hasCount(1);

        // A viewer may look but not act: she is offered no button the platform would refuse.
        page.navigate("/forms/hello");
        see(page.locator("#view-only")).containsText("needs the operator role");
        see(page.locator("#submit-form")).hasCount(0);
        final String executionId = submit("hello", "browser-viewed", Map.of("name", "Grace"));
        awaitStatus(executionId, "SUCCESS");
        page.navigate("/executions/" + executionId);
        see(page.locator(".page-head .badge")).hasText("SUCCESS");
        see(page.locator(".actions a.button-link")).containsText("Other executions of hello");
        see(page.locator("#rerun")).hasCount(0);
        see(page.locator("#cancel")).hasCount(0);
    }

    private static LocatorAssertions see(final Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    private static PageAssertions see(final Page page) {
        return PlaywrightAssertions.assertThat(page);
    }

    /** The page will be refused {@code path} with {@code status}, as the test means it to be; any other refusal still fails the test. */
    private void expectRefusal(final int status, final String path) {
        expectedRefusals.add(Pattern.compile("Failed to load resource: the server responded with a status of " + status
                + " \\([^)]*\\) at " + Pattern.quote(base + path) + ":\\d+:\\d+"));
    }

    /** Through the sign-in page, as a person does: the session cookie is then sent with every request of the context. */
    private void signIn(final String token) {
        page.navigate("/login");
        page.locator("#token").fill(token);
        page.locator("button[type=submit]").click();
        page.waitForURL(Pattern.compile(".*/(executions)?$"));
    }

    private String submit(final String form, final String name, final Map<String, Object> inputs) {
        final String executionId = submitUnawaited(form, name, inputs);
        // As a user comes to it, from a list or a link: once the platform has recorded it.
        Eventually.await(Duration.ofSeconds(30), executionId + " recorded", () -> api.get("/executions/" + executionId).status() == 200);
        return executionId;
    }

    private String submitUnawaited(final String form, final String name, final Map<String, Object> inputs) {
        final ApiClient.Answer answer = api.post("/jobs", Map.of("form", form, "name", name, "inputs", inputs));
        assertThat(answer.status()).as(answer.message()).isEqualTo(202);
        return answer.body().get("executionId").asText();
    }

    private void awaitStatus(final String executionId, final String status) {
        Eventually.await(Duration.ofSeconds(60), executionId + " " + status,
                () -> status.equals(api.get("/executions/" + executionId).body().path("status").asText()));
    }

    private JsonNode artifactNamed(final String executionId, final String filename) {
        for (JsonNode artifact : api.get("/executions/" + executionId + "/artifacts").body().get("items")) {
            if (filename.equals(artifact.get("filename").asText())) {
                return artifact;
            }
        }
        throw new AssertionError("no artifact " + filename + " of " + executionId);
    }

    private static double barValue(final Locator bar) {
        if (bar.count() == 0) {
            return -1;
        }
        final Object value = bar.evaluate("progress => progress.hasAttribute('value') ? progress.value : -1");
        return ((Number) value).doubleValue();
    }

    /** A property on the window survives anything but a reload. */
    private void markPageToDetectReloads() {
        page.evaluate("() => { window.notReloaded = true; }");
    }

    private void assertNotReloaded() {
        assertThat(page.evaluate("() => window.notReloaded === true")).as("the page was not reloaded").isEqualTo(true);
    }

    private void screenshot(final String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(false));
    }
}
