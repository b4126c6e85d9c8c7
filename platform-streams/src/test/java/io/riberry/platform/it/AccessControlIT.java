package io.riberry.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.client.ApiClient;
import io.riberry.sdk.Artifact;
import io.riberry.platform.registry.SchemaRegistryServer;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Eventually;
import io.riberry.platform.testing.Executions;
import io.riberry.platform.testing.LiveEvents;
import io.riberry.platform.testing.PlatformFixture;
import io.riberry.platform.testing.SharedKafka;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.InputFileDefinition;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, on a real platform with authentication on: for each endpoint, anonymous /
 * viewer / operator / another group's member / administrator get the status Riberry's model
 * gives them; the submitter and the canceller are the principal; lists hold only what the caller
 * sees; tokens are revocable; the internal path answers replicas only; registry writes need a
 * token; a session cookie works and cannot be used cross-site; no token ever reaches the logs.
 */
@ExtendWith(SharedKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlIT {

    private static final StringWriter LOGS = new StringWriter();

    private PlatformFixture fixture;
    private ApiClient admin;
    private ApiClient anonymous;
    private ApiClient viewer;
    private ApiClient operator;
    private ApiClient outsider;
    private final List<String> secrets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start(@TempDir final Path stateDir) {
        captureLogs();
        final Map<String, CatalogEntry> catalog = Catalogs.demoWithBackup();
        // hello takes an optional file here, so the matrix covers GET /jobs/{id}/files/{name} too.
        final FormDefinition hello = (FormDefinition) catalog.get(CatalogView.formId("hello")).getEntity();
        catalog.put(CatalogView.formId("hello"), new CatalogEntry(CatalogView.formId("hello"), FormDefinition.newBuilder(hello)
                .setFiles(List.of(InputFileDefinition.newBuilder().setName("notes").build())).build()));
        group(catalog, "hello-operators", List.of("olga"), Map.of("hello", FormRole.OPERATOR));
        group(catalog, "hello-viewers", List.of("vic"), Map.of("hello", FormRole.VIEWER));
        group(catalog, "backup-team", List.of("otto"), Map.of("backup-hello", FormRole.MANAGER));
        fixture = PlatformFixture.start(stateDir.resolve("platform"), catalog);
        fixture.startWorker(Map.of("hello", ctx -> ctx.artifact(Artifact.output("Greeting", "greeting.txt"),
                "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        admin = fixture.api();
        secrets.add(fixture.adminToken());
        anonymous = admin.as(null);
        viewer = admin.as(token("vic", List.of()));
        operator = admin.as(token("olga", List.of()));
        outsider = admin.as(token("otto", List.of()));
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldAnswerEachPrincipalAsItsGroupsAllow() throws Exception {
        final String jobName = "matrix-" + System.nanoTime();
        final JsonNode submitted = operator.post("/jobs", Map.of("form", "hello", "name", jobName,
                "inputs", Map.of("name", "Ada"), "submittedBy", "admin",
                "files", List.of(Map.of("name", "notes", "filename", "notes.txt", "content", "aGk=")))).body();
        final String executionId = submitted.get("executionId").asText();
        final String jobId = submitted.get("jobId").asText();
        Executions.awaitSuccess(admin, executionId);
        final String artifactId = Eventually.awaitValue(Duration.ofSeconds(30), "the greeting artifact", () -> {
            final JsonNode items = admin.get("/executions/" + executionId + "/artifacts").body().path("items");
            return items.size() == 1 && items.get(0).path("complete").asBoolean() ? items.get(0).get("artifactId").asText() : null;
        });

        expect("GET /executions/{id}", path -> path.get("/executions/" + executionId).status(), 401, 200, 200, 404, 200);
        expect("GET /executions/{id}/streams", p -> p.get("/executions/" + executionId + "/streams").status(), 401, 200, 200, 404, 200);
        expect("GET /executions/{id}/artifacts", p -> p.get("/executions/" + executionId + "/artifacts").status(), 401, 200, 200, 404, 200);
        expect("GET /jobs/{id}", p -> p.get("/jobs/" + jobId).status(), 401, 200, 200, 404, 200);
        expect("GET /jobs/{id}/files/{name}", p -> rawStatus(p, "/jobs/" + jobId + "/files/notes"), 401, 200, 200, 404, 200);
        expect("GET /job-names/{name}", p -> p.get("/job-names/" + jobName).status(), 401, 200, 200, 404, 200);
        expect("GET /artifacts/{id}", p -> p.get("/artifacts/" + artifactId).status(), 401, 200, 200, 404, 200);
        expect("GET /artifacts/{id}/content", p -> rawStatus(p, "/artifacts/" + artifactId + "/content"), 401, 200, 200, 404, 200);
        expect("GET /executions?form=hello (items)", p -> p.get("/executions?form=hello").body().path("items").size() > 0 ? 1 : 0,
                0, 1, 1, 0, 1);
        expect("GET /forms/hello", p -> p.get("/forms/hello").status(), 401, 200, 200, 404, 200);
        expect("GET /instances/demo-local", p -> p.get("/instances/demo-local").status(), 401, 200, 200, 404, 200);
        expect("GET /instances/demo-backup", p -> p.get("/instances/demo-backup").status(), 401, 404, 404, 200, 200);
        expect("GET /applications (demo's forms)", p -> p.get("/applications").body().path("items").path(0).path("forms").size(),
                0, 1, 1, 1, 3);
        // Metrics name every form and instance: administrators and the metrics readers' group only.
        expect("GET /metrics", p -> rawStatus(p, "/metrics"), 401, 403, 403, 403, 200);
        assertThat(rawStatus(admin.as(token("prometheus", List.of("metrics-readers"))), "/metrics")).isEqualTo(200);
        expect("GET /tokens", p -> p.get("/tokens").status(), 401, 403, 403, 403, 200);
        expect("POST /executions/{id}/cancel (ended)", p -> p.post("/executions/" + executionId + "/cancel", Map.of()).status(),
                401, 403, 409, 404, 409);
        expect("POST /jobs (hello)", p -> p.post("/jobs", Map.of("form", "hello", "name", "m-" + System.nanoTime(),
                "inputs", Map.of("name", "x"))).status(), 401, 403, 202, 400, 202);
        expect("GET /health/live", p -> p.get("/health/live").status(), 200, 200, 200, 200, 200);

        // What a submitter uploaded is a download, never a page of the platform's origin.
        final HttpResponse<String> file = http.send(admin.authorized(HttpRequest.newBuilder(URI.create(admin.baseUrl() + "/jobs/" + jobId
                + "/files/notes"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).startsWith("attachment;"));
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(file.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("sandbox"));
        final HttpResponse<String> artifact = http.send(admin.authorized(HttpRequest.newBuilder(URI.create(admin.baseUrl() + "/artifacts/"
                + artifactId + "/content"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(artifact.body()).isEqualTo("hello");
        assertThat(artifact.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("sandbox"));

        // The submitter is who authenticated, not what the body claimed.
        assertThat(admin.get("/jobs/" + jobId).body().get("submittedBy").asText()).isEqualTo("olga");
        // Only a manager sets a priority; an operator is refused.
        assertThat(operator.post("/jobs", Map.of("form", "hello", "name", "p-" + System.nanoTime(), "inputs", Map.of("name", "x"),
                "priority", 99)).status()).isEqualTo(403);
        // A re-run is an operator's: the viewer may not, the outsider does not even see the job.
        assertThat(viewer.post("/jobs/" + jobId + "/executions", Map.of()).status()).isEqualTo(403);
        assertThat(outsider.post("/jobs/" + jobId + "/executions", Map.of()).status()).isEqualTo(404);
        final JsonNode rerun = operator.post("/jobs/" + jobId + "/executions", Map.of("requestedBy", "mallory")).body();
        assertThat(rerun.get("executionId").asText()).isNotBlank();
    }

    @Test
    void shouldListOnlyWhatTheCallerSeesInFullPages() {
        for (int i = 0; i < 4; i++) {
            operator.post("/jobs", Map.of("form", "hello", "name", "list-" + i + "-" + System.nanoTime(), "inputs", Map.of("name", "x")));
        }
        Eventually.await(Duration.ofSeconds(30), "four hello executions to be listed",
                () -> admin.get("/executions?form=hello&limit=10").body().get("items").size() >= 4);
        final String backupJob = admin.post("/jobs", Map.of("form", "backup-hello", "name", "backup-" + System.nanoTime(),
                "inputs", Map.of())).body().get("executionId").asText();
        Eventually.await(Duration.ofSeconds(30), "the backup execution to be listed",
                () -> admin.get("/executions?form=backup-hello").body().get("items").size() > 0);
        final JsonNode seenByOutsider = outsider.get("/executions?limit=2").body();
        assertThat(seenByOutsider.get("items")).isNotEmpty();
        seenByOutsider.get("items").forEach(item -> assertThat(item.get("form").asText()).isEqualTo("backup-hello"));
        assertThat(seenByOutsider.get("items").get(0).get("executionId").asText()).isEqualTo(backupJob);

        // A page of two for the viewer is two hello executions, not two of everything filtered down.
        final JsonNode firstPage = viewer.get("/executions?limit=2").body();
        assertThat(firstPage.get("items")).hasSize(2);
        firstPage.get("items").forEach(item -> assertThat(item.get("form").asText()).isEqualTo("hello"));
        final JsonNode secondPage = viewer.get("/executions?limit=2&cursor=" + firstPage.get("nextCursor").asText()).body();
        assertThat(secondPage.get("items")).hasSize(2);
        secondPage.get("items").forEach(item -> assertThat(item.get("form").asText()).isEqualTo("hello"));
        assertThat(outsider.get("/executions?form=hello").body().get("items")).isEmpty();
        assertThat(viewer.get("/forms").body().get("items")).extracting(f -> f.get("name").asText()).containsExactly("hello");
        assertThat(viewer.get("/whoami").body().at("/forms/hello").asText()).isEqualTo("VIEWER");
    }

    @Test
    void shouldNameOnlyTheFormsTheCallerSeesWhenAFormIsUnknown() {
        final ApiClient.Answer typo = operator.post("/jobs", Map.of("form", "helo", "name", "typo-" + System.nanoTime()));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().path("details")).extracting(JsonNode::asText)
                .containsExactly("unknown form \"helo\"; forms you may use: hello; did you mean hello?");

        // Another team's form is answered exactly as one that does not exist, and never named.
        final ApiClient.Answer hidden = outsider.post("/jobs", Map.of("form", "hello", "name", "hidden-" + System.nanoTime()));
        final ApiClient.Answer missing = outsider.post("/jobs", Map.of("form", "hallo", "name", "missing-" + System.nanoTime()));
        assertThat(hidden.status()).isEqualTo(400);
        assertThat(hidden.body().path("details")).extracting(JsonNode::asText)
                .containsExactly("unknown form \"hello\"; forms you may use: backup-hello");
        assertThat(missing.body().path("details")).extracting(JsonNode::asText)
                .containsExactly("unknown form \"hallo\"; forms you may use: backup-hello");

        final ApiClient.Answer byAdministrator = admin.post("/jobs", Map.of("form", "Helo", "name", "admin-" + System.nanoTime()));
        assertThat(byAdministrator.status()).isEqualTo(400);
        assertThat(byAdministrator.body().path("details").get(0).asText()).startsWith("unknown form \"Helo\"; forms you may use: ")
                .contains("backup-hello").contains(", hello").endsWith("; did you mean hello?");
    }

    @Test
    void shouldApplyAGroupChangeOfTheCatalogToTheNextRequests() {
        final ApiClient larry = admin.as(token("larry", List.of()));
        assertThat(larry.get("/forms/hello").status()).isEqualTo(404);

        final Map<String, CatalogEntry> grant = new java.util.HashMap<>();
        group(grant, "latecomers", List.of("larry"), Map.of("hello", FormRole.VIEWER));
        fixture.publishCatalog(grant);
        Eventually.await(Duration.ofSeconds(30), "larry to see hello through his new group", () -> larry.get("/forms/hello").status() == 200);

        final Map<String, CatalogEntry> removal = new java.util.HashMap<>();
        removal.put(CatalogView.groupId("latecomers"), null);
        fixture.publishCatalog(removal);
        Eventually.await(Duration.ofSeconds(30), "larry to lose hello with the group", () -> larry.get("/forms/hello").status() == 404);
    }

    @Test
    void shouldRefuseARevokedOrForgedToken() {
        final JsonNode created = admin.post("/tokens", Map.of("subject", "temp", "expiresIn", "PT1H")).body();
        final String token = created.get("token").asText();
        secrets.add(token);
        assertThat(admin.as(token).get("/whoami").status()).isEqualTo(200);
        assertThat(admin.get("/tokens").body().toString()).doesNotContain(token.substring(token.lastIndexOf('_') + 1))
                .doesNotContain("secretHash");

        assertThat(admin.delete("/tokens/" + created.get("tokenId").asText()).status()).isEqualTo(200);
        final ApiClient.Answer refused = admin.as(token).get("/whoami");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().toString()).doesNotContain(token);
        assertThat(admin.as(token.substring(0, token.length() - 2) + "xx").get("/whoami").status()).isEqualTo(401);
        assertThat(admin.as("not-a-token").get("/executions").status()).isEqualTo(401);
        assertThat(admin.post("/tokens", Map.of("subject", "../../x")).status()).isEqualTo(400);
    }

    @Test
    void shouldAnswerTheInternalPathToReplicasOnly() throws Exception {
        final String internal = fixture.platform().apiUrl().replace("/api/v1", "/internal/v1") + "/execution";
        for (String credential : new String[] {null, "Bearer " + fixture.adminToken(), "Bearer rbr_forged"}) {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(internal))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"keys\":[\"x\"]}"));
            if (credential != null) {
                request.header("Authorization", credential);
            }
            assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(String.valueOf(credential))
                    .isEqualTo(401);
        }
    }

    @Test
    void shouldRequireATokenToRegisterASchemaButNotToReadOne() throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(SharedKafka.bootstrapServers(), "127.0.0.1", 0,
                fixture.platform().auth().registryGate())) {
            final String subject = registry.url() + "/subjects/acl-it-" + System.nanoTime() + "-value/versions";
            final String body = "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}";
            final HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create(subject)).header("Content-Type",
                    "application/vnd.schemaregistry.v1+json").POST(HttpRequest.BodyPublishers.ofString(body));
            assertThat(http.send(anonymous.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            // An operator's token is not a schema writer's: squatting subjects is for nobody.
            final String operatorBasic = java.util.Base64.getEncoder().encodeToString(("olga:" + secrets.get(2)).getBytes());
            assertThat(http.send(anonymous.copy().header("Authorization", "Basic " + operatorBasic).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            final String workerToken = token("worker-demo-local", List.of("schema-writers"));
            final String basic = java.util.Base64.getEncoder().encodeToString(("worker:" + workerToken).getBytes());
            final HttpResponse<String> withBasic = http.send(anonymous.copy().header("Authorization", "Basic " + basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withBasic.statusCode()).as(withBasic.body()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldSignInWithATokenIntoAnHttpOnlySessionThatRefusesCrossSiteWrites() throws Exception {
        final String root = fixture.platform().apiUrl().replace("/api/v1", "");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/")).build(), HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Location")).hasValue("/login");
        // Another site's form may not sign the browser in (login CSRF).
        assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("token=" + secrets.get(2))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        final HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(root + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + secrets.get(2))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/");
        final String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain(secrets.get(2));
        final String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        final HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(root + "/")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("data-subject=\"olga\"").contains("/assets/dashboard.js");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/forms")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"hello\"");
        // A bearer token sent with the page request itself opens the page too (scripted browsers, header-injecting proxies).
        assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/executions/some-id")).header("Authorization", "Bearer " + secrets.get(2))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).contains("data-subject=\"olga\"");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/whoami")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"subject\":\"olga\"");
        final HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/jobs"))
                .header("Cookie", cookie).header("Origin", "https://evil.example").header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"form\":\"hello\",\"name\":\"csrf\",\"inputs\":{\"name\":\"x\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        final HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(root + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("token=rbt_0000000000000000_" + "A".repeat(43))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("Location")).hasValue("/login?failed");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void shouldLetALiveFeedTellOnlyWhatItsCallerMaySee() {
        final String root = fixture.platform().apiUrl().replace("/api/v1", "");
        final String ottosToken = secrets.get(3);
        try (LiveEvents ottosListing = LiveEvents.open(root + "/live/executions", ottosToken);
             LiveEvents ottosInstances = LiveEvents.open(root + "/live/instances", ottosToken)) {
            ottosListing.await(Duration.ofSeconds(30), "ready", event -> event.name().equals("ready"));
            ottosInstances.await(Duration.ofSeconds(30), "ready", event -> event.name().equals("ready"));
            final String hello = operator.post("/jobs", Map.of("form", "hello", "name", "unseen-" + System.nanoTime(),
                    "inputs", Map.of("name", "x"))).body().path("executionId").asText();
            Executions.awaitSuccess(admin, hello);
            // Otto manages backup-hello only: what he hears next is his own form's, and nothing before it was hello's.
            final String backup = outsider.post("/jobs", Map.of("form", "backup-hello", "name", "seen-" + System.nanoTime(),
                    "inputs", Map.of())).body().path("executionId").asText();
            ottosListing.await(Duration.ofSeconds(30), "his backup-hello", event -> event.data().path("executionId").asText().equals(backup));
            ottosInstances.await(Duration.ofSeconds(30), "demo-backup changed",
                    event -> event.data().path("instances").toString().contains("demo-backup"));
            assertThat(ottosListing.all()).noneMatch(event -> event.data().path("executionId").asText().equals(hello));
            assertThat(ottosInstances.all()).noneMatch(event -> event.data().toString().contains("demo-local"));
        }
    }

    @Test
    void shouldNeverWriteATokenToTheLogs() {
        // Failures log too: a bad token, an unknown path with a token, a 500-free refusal.
        admin.as(secrets.get(1) + "x").get("/executions");
        viewer.get("/no/such/path");
        final String logged = LOGS.toString();
        assertThat(logged).as("the captured platform logs").isNotEmpty();
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 20));
        }
    }

    private void expect(final String endpoint, final java.util.function.ToIntFunction<ApiClient> call, final int anonymousStatus,
                        final int viewerStatus, final int operatorStatus, final int outsiderStatus, final int adminStatus) {
        assertThat(new int[] {call.applyAsInt(anonymous), call.applyAsInt(viewer), call.applyAsInt(operator), call.applyAsInt(outsider),
                call.applyAsInt(admin)}).as(endpoint + " as anonymous, viewer, operator, other group, admin")
                .containsExactly(anonymousStatus, viewerStatus, operatorStatus, outsiderStatus, adminStatus);
    }

    private int rawStatus(final ApiClient client, final String path) {
        try {
            return http.send(client.authorized(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token(final String subject, final List<String> groups) {
        final ApiClient.Answer created = fixture.api().post("/tokens", Map.of("subject", subject, "groups", groups));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        final String token = created.body().get("token").asText();
        secrets.add(token);
        return token;
    }

    private static void group(final Map<String, CatalogEntry> catalog, final String name, final List<String> members,
                              final Map<String, FormRole> forms) {
        final String id = CatalogView.groupPrefix() + name;
        catalog.put(id, new CatalogEntry(id, GroupDefinition.newBuilder().setName(name).setMembers(members)
                .setForms(forms.entrySet().stream().map(e -> new FormGrant(e.getKey(), e.getValue())).toList()).build()));
    }

    private static void captureLogs() {
        final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        final WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%m %ex%n").build(),
                null, LOGS, "access-control-it", false, true);
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getRootLogger().addAppender(context.getConfiguration().getAppender(appender.getName()));
        context.getConfiguration().getRootLogger().setLevel(Level.INFO);
        context.updateLoggers();
    }
}
