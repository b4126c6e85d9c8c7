package io.riberry.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.CliRun;
import io.riberry.cli.ExitCodes;
import io.riberry.cli.dev.DemoWorkflows;
import io.riberry.cli.dev.DevSystem;
import io.riberry.kafka.KafkaConnection;
import io.riberry.platform.client.ApiClient;
import io.riberry.platform.http.Json;
import io.riberry.sdk.RiberryWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code riberry} commands against a complete dev system: real broker, registry, platform and demo worker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    private static final Path SHIPPED_CATALOG = Path.of("..", "config", "catalog.yaml");

    private DevSystem system;
    /** What {@code riberry worker demo-sleepy} runs in a process of its own. */
    private RiberryWorker sleepyWorker;

    @BeforeAll
    void startSystem(@TempDir final Path dataDir) {
        system = DevSystem.start(new DevSystem.Settings(0, 0, 0, dataDir, Path.of("..", "config", "catalog.yaml")));
        sleepyWorker = DemoWorkflows.worker(KafkaConnection.to(system.bootstrapServers()), system.registryUrl(), system.adminToken(), DemoWorkflows.SLEEPY_INSTANCE, 4).start();
    }

    @AfterAll
    void stopSystem() {
        sleepyWorker.close(java.time.Duration.ofSeconds(5));
        system.close();
    }

    @Test
    void shouldExitZeroWhenAWaitedHelloSucceeds() {
        final CliRun run = riberry("submit", "--form", "hello", "--name", "first", "--input", "name=Ada", "--wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Status       SUCCESS").contains("Ready").contains("Active").contains("Completed");
    }

    @Test
    void shouldExitNonZeroWithOneLineWhenAWaitedFailFails() {
        final CliRun run = riberry("submit", "--form", "fail", "--name", "doomed", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        assertThat(run.out()).contains("Status       FAILURE");
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: execution ").contains("ended FAILURE: java.lang.IllegalStateException: The fail form always fails"));
    }

    @Test
    void shouldShowAndListExecutionsAsJsonAndTables() throws Exception {
        final CliRun submitted = riberry("submit", "--form", "hello", "--name", "shown", "--input", "name=Grace", "--wait", "--output", "json");
        final JsonNode execution = Json.MAPPER.readTree(submitted.out());
        final String executionId = execution.get("executionId").asText();

        final JsonNode shown = Json.MAPPER.readTree(riberry("executions", "show", executionId, "--output", "json").out());
        final CliRun listed = riberry("executions", "list", "--form", "hello", "--status", "SUCCESS");

        assertThat(shown.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(shown.get("jobName").asText()).isEqualTo("shown");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().findFirst().orElseThrow()).startsWith("EXECUTION").contains("STATUS");
        assertThat(listed.out()).contains(executionId);
    }

    @Test
    void shouldExplainARejectedSubmissionInOneLine() {
        final CliRun unknownForm = riberry("submit", "--form", "nope", "--name", "x");
        final CliRun missingInput = riberry("submit", "--form", "hello", "--name", "x");
        final CliRun unknownExecution = riberry("executions", "show", "no-such-execution");
        final long watchStarted = System.nanoTime();
        final CliRun unknownWatched = riberry("executions", "watch", "no-such-execution");
        final Duration watchTook = Duration.ofNanos(System.nanoTime() - watchStarted);

        assertThat(unknownForm.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownForm.err().strip()).isEqualTo("riberry: unknown form \"nope\"; forms you may use: bench-artifact, bench-progress,"
                + " bench-report, fail, hello, report, sleepy (HTTP 400)");
        assertThat(riberry("submit", "--form", "helo", "--name", "x").err().strip()).endsWith("sleepy; did you mean hello? (HTTP 400)");
        assertThat(missingInput.err().strip()).isEqualTo("riberry: missing required input \"name\" (HTTP 400)");
        assertThat(unknownExecution.err().strip()).isEqualTo("riberry: no execution no-such-execution (HTTP 404)");
        assertThat(unknownWatched.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownWatched.err().strip()).isEqualTo("riberry: no execution no-such-execution (HTTP 404)");
        assertThat(watchTook).as("an unknown id answers at once").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldShowTheReportDemoExactlyThroughWatchAndArtifacts(@TempDir final Path downloads) throws Exception {
        // pace=0: the demo's default spreads it over 15 s for people to watch.
        final JsonNode accepted = Json.MAPPER.readTree(riberry("submit", "--form", "report", "--name", "quarterly", "--input", "pace=0",
                "--output", "json").out());
        final String executionId = accepted.get("executionId").asText();

        final CliRun watched = riberry("executions", "watch", executionId, "--interval", "PT0.2S");

        assertThat(watched.exitCode()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("customers").contains("100/100 100.0%").contains("failed 6 (6 fell back)")
                .contains("Status       SUCCESS").doesNotContain("\u001b[");
        final JsonNode customers = api().get("/executions/" + executionId + "/streams").body().get("items").get(0);
        assertThat(customers.get("status").asText()).as("its failed chains fell back: the scope completed").isEqualTo("SUCCESS");
        assertThat(customers.get("expectedTotal").asLong()).isEqualTo(100);
        final JsonNode artifacts = Json.MAPPER.readTree(riberry("artifacts", "list", executionId, "--output", "json").out()).get("items");
        assertThat(artifacts).hasSize(8);
        assertThat(artifacts).filteredOn(a -> a.get("category").asText().equals("Intercepted")).hasSize(6)
                .allSatisfy(a -> assertThat(a.at("/data/Error Message").asText()).endsWith("has no purchase history"));
        final JsonNode scores = find(artifacts, "scores.csv");
        final Path file = downloads.resolve("scores.csv");
        final CliRun downloaded = riberry("artifacts", "download", scores.get("artifactId").asText(), "-o", file.toString());
        assertThat(downloaded.exitCode()).as(downloaded.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo(expectedScores());
        final CliRun table = riberry("artifacts", "list", executionId);
        assertThat(table.out()).contains("summary.md").contains("REPORT").contains("yes");
    }

    @Test
    void shouldDownloadTheStackTraceArtifactOfAFailedExecution(@TempDir final Path downloads) throws Exception {
        final String executionId = Json.MAPPER.readTree(riberry("submit", "--form", "fail", "--name", "traced", "--wait", "--output", "json").out())
                .get("executionId").asText();
        final JsonNode artifacts = awaitArtifacts(executionId, 1);
        final Path file = downloads.resolve("trace.log");

        riberry("artifacts", "download", artifacts.get(0).get("artifactId").asText(), "-o", file.toString());

        assertThat(artifacts.get(0).get("filename").asText()).isEqualTo("fail-" + executionId + ".log");
        assertThat(Files.readString(file)).startsWith("java.lang.IllegalStateException: The fail form always fails (job traced)")
                .contains("\tat io.riberry.cli.dev.DemoWorkflows.fail");
    }

    @Test
    void shouldDiffACatalogFileAndPublishItOnlyWithCommit(@TempDir final Path dir) throws Exception {
        // The demo application alone: the file does not define bench, so bench is left as it is.
        final String yaml = Files.readString(SHIPPED_CATALOG)
                .replace("description: Greets someone, and succeeds", "description: Greets someone, politely")
                .replaceFirst("(?s)  - name: bench\n.*", "")
                + "      - name: goodbye\n        instance: demo-local\n        description: Says goodbye\n";
        final Path file = Files.writeString(dir.resolve("catalog.yaml"), yaml);

        final CliRun dryRun = catalog("import", file.toString());

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Scope: applications demo; left as they are: bench\n").contains("Added: form:goodbye\n")
                .contains("Modified: form:hello\n    description: \"Greets someone, and succeeds\" -> \"Greets someone, politely\"\n")
                .doesNotContain("Deleted").contains("Dry run: nothing was published (1 added, 1 modified, 0 deleted)");
        assertThat(api().get("/forms/goodbye").status()).isEqualTo(404);

        final CliRun committed = catalog("import", file.toString(), "--commit");

        assertThat(committed.out()).contains("Committed: 1 added, 1 modified, 0 deleted.");
        awaitStatus("/forms/goodbye", 200);
        assertThat(api().get("/forms/goodbye").body().get("description").asText()).isEqualTo("Says goodbye");
        assertThat(api().get("/forms/hello").body().get("description").asText()).isEqualTo("Greets someone, politely");
        assertThat(api().get("/forms/bench-progress").status()).as("another application's form").isEqualTo(200);
        assertThat(catalog("import", file.toString()).out()).contains("already matches");

        // Back to the shipped catalog for the other tests: that deletes goodbye, which a script must confirm.
        final CliRun unconfirmed = catalog("import", SHIPPED_CATALOG.toString(), "--commit");

        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unconfirmed.out()).contains("Deleted: form:goodbye");
        assertThat(unconfirmed.err().lines()).singleElement().isEqualTo("riberry: this import deletes 1 entity and there is no terminal"
                + " to confirm it; nothing was published (add --yes to delete them)");
        assertThat(catalog("import", SHIPPED_CATALOG.toString()).out()).as("still to do").contains("Deleted: form:goodbye");

        final CliRun confirmed = catalog("import", SHIPPED_CATALOG.toString(), "--commit", "--yes");

        assertThat(confirmed.out()).contains("Committed: 0 added, 1 modified, 1 deleted.");
        awaitStatus("/forms/goodbye", 404);
        assertThat(api().get("/forms/hello").body().get("description").asText()).isEqualTo("Greets someone, and succeeds");
    }

    @Test
    void shouldLeaveTheFirstTeamsApplicationsAsTheyAreWhenASecondTeamImportsItsFileUntilReplaceAll(@TempDir final Path dir)
            throws Exception {
        final Path billing = Files.writeString(dir.resolve("billing.yaml"), """
                applications:
                  - name: billing
                    instances:
                      - name: billing-local
                    forms:
                      - {name: invoice, instance: billing-local, description: Bills a customer}
                """);

        final JsonNode plan = Json.MAPPER.readTree(catalog("import", billing.toString(), "--output", "json").out());
        assertThat(plan.at("/scope/applications").toString()).isEqualTo("[\"billing\"]");
        assertThat(plan.at("/scope/untouchedApplications").toString()).isEqualTo("[\"bench\",\"demo\"]");
        assertThat(plan.get("added").toString()).isEqualTo("[\"application:billing\",\"instance:billing-local\",\"form:invoice\"]");
        assertThat(plan.get("deleted")).isEmpty();
        assertThat(plan.get("committed").asBoolean()).isFalse();

        final CliRun imported = catalog("import", billing.toString(), "--commit");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Scope: applications billing; left as they are: bench, demo\n")
                .contains("Added: application:billing").contains("Added: instance:billing-local").contains("Added: form:invoice")
                .doesNotContain("Deleted").contains("Committed: 3 added, 0 modified, 0 deleted.");
        awaitStatus("/forms/invoice", 200);
        assertThat(api().get("/forms/hello").status()).isEqualTo(200);
        assertThat(api().get("/forms/bench-progress").status()).isEqualTo(200);
        assertThat(catalog("import", SHIPPED_CATALOG.toString()).out()).as("the first team's file, scoped to its applications")
                .contains("already matches");

        final CliRun replaceAll = catalog("import", SHIPPED_CATALOG.toString(), "--replace-all");

        assertThat(replaceAll.out()).contains("Scope: the whole catalog (--replace-all)").contains("Deleted: application:billing")
                .contains("Deleted: instance:billing-local").contains("Deleted: form:invoice").contains("Dry run");
        final CliRun replaced = catalog("import", SHIPPED_CATALOG.toString(), "--replace-all", "--commit", "--yes");
        assertThat(replaced.out()).as(replaced.err()).contains("Committed: 0 added, 0 modified, 3 deleted.");
        awaitStatus("/forms/invoice", 404);
        assertThat(api().get("/forms/hello").status()).isEqualTo(200);
    }

    @Test
    void shouldExportThePublishedCatalogSoThatImportingItChangesNothing(@TempDir final Path dir) throws Exception {
        final Path all = dir.resolve("all.yaml");

        final CliRun exported = catalog("export", "--file", all.toString());

        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).startsWith("Wrote ")
                .contains("entities of applications bench, demo and groups admins, demo-operators, demo-viewers to " + all);
        assertThat(Files.readString(all)).contains("groups:\n  - name: admins\n");
        assertThat(catalog("import", all.toString()).out()).contains("already matches");
        assertThat(catalog("import", all.toString(), "--replace-all").out()).contains("already matches");

        final CliRun demo = catalog("export", "--application", "demo");

        assertThat(demo.out()).as("demo with its demo-bench instance, without the bench application").startsWith("# The published catalog").contains("  - name: demo\n").contains("minutely-hello")
                .contains("demo-bench").doesNotContain("  - name: bench\n").doesNotContain("bench-local");
        final Path demoFile = Files.writeString(dir.resolve("demo.yaml"), demo.out());
        assertThat(catalog("import", demoFile.toString()).out()).contains("Scope: applications demo; left as they are: bench")
                .contains("already matches");
        final CliRun unknown = catalog("export", "--application", "payroll");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err().strip()).isEqualTo("riberry: no application \"payroll\" in the published catalog (it has bench, demo)");
    }

    @Test
    void shouldChangeGroupsOnlyWithAFileThatHasGroups(@TempDir final Path dir) throws Exception {
        final Path groups = Files.writeString(dir.resolve("groups.yaml"), """
                groups:
                  - name: demo-operators
                    description: Run the demo workflows
                    members: [ada]
                    forms: {hello: operator, fail: operator, sleepy: operator, report: manager}
                  - {name: admins, description: Run the system, members: [admin], administrators: true}
                """);

        final CliRun dryRun = catalog("import", groups.toString());

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Scope: every group (the file has groups:, so it defines them all); left as they are: bench, demo\n")
                .contains("Modified: group:demo-operators\n    forms.report: \"operator\" -> \"manager\"\n")
                .contains("Deleted: group:demo-viewers\n").contains("Dry run: nothing was published (0 added, 1 modified, 1 deleted)");
        final JsonNode plan = Json.MAPPER.readTree(catalog("import", groups.toString(), "--output", "json").out());
        assertThat(plan.at("/scope/groups").asBoolean()).isTrue();
        assertThat(catalog("import", SHIPPED_CATALOG.toString(), "--replace-all").out()).as("the shipped file defines the same groups")
                .contains("already matches");

        final Path badGrant = Files.writeString(dir.resolve("bad.yaml"), "groups:\n  - {name: x, forms: {payroll: viewer}}\n");
        final CliRun refused = catalog("import", badGrant.toString(), "--commit", "--yes");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err().lines()).containsExactly(
                badGrant + ":2:32: groups[0].forms.payroll: group \"x\" grants form \"payroll\", which neither this file nor an application"
                        + " it leaves as it is defines",
                "riberry: " + badGrant + " has 1 error; nothing was published (first: 2:32 group \"x\" grants form \"payroll\", which"
                        + " neither this file nor an application it leaves as it is defines)");
    }

    @Test
    void shouldReportEveryErrorOfACatalogFileAtOnceWithWhereItIsAndPublishNothing(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("team.yaml"), """
                applications:
                  - name: billing
                    owner: finance
                    instances:
                      - name: billing-local
                    forms:
                      - name: invoice
                        instance: billing-local
                        inputs:
                          - {name: amount, type: number, required: maybe}
                      - name: refund
                        instance: payments-local
                      - name: hello
                        instance: billing-local
                """);

        final CliRun run = catalog("import", file.toString(), "--commit", "--yes");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                file + ":3:5: applications[0].owner: unknown key \"owner\" (known keys: description, enabled, forms, instances, name, type)",
                file + ":10:52: applications[0].forms[0].inputs[0].required: expected true or false, not \"maybe\"",
                file + ":12:19: applications[0].forms[1].instance: form \"refund\" runs on instance \"payments-local\", which application"
                        + " \"billing\" does not declare in this file",
                file + ":13:9: applications[0].forms[2]: form \"hello\" already belongs to application \"demo\", which this file does not"
                        + " define (rename it, or import the whole catalog with --replace-all)",
                "riberry: " + file + " has 4 errors; nothing was published (first: 3:5 unknown key \"owner\" (known keys: description,"
                        + " enabled, forms, instances, name, type))");
        assertThat(api().get("/forms/invoice").status()).isEqualTo(404);
    }

    @Test
    void shouldListTheDemoInstanceOnline() throws Exception {
        JsonNode demo = null;
        for (int i = 0; i < 200 && (demo == null || !"ONLINE".equals(demo.path("status").asText())); i++) {
            demo = Json.MAPPER.readTree(riberry("instances", "show", "demo-local", "--output", "json").out());
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        assertThat(demo.get("status").asText()).isEqualTo("ONLINE");
        assertThat(riberry("instances", "list").out()).contains("INSTANCE").contains("demo-local").contains("ONLINE").contains("PROCESSES");
        // The dev system's demo worker runs in this JVM: its heartbeats carry this pid.
        assertThat(demo.get("processes")).singleElement().satisfies(process -> {
            assertThat(process.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(process.get("forms")).as("demo-local's forms only").extracting(JsonNode::asText).containsExactly("fail", "hello", "report");
        });
        assertThat(riberry("instances", "show", "demo-local").out()).containsPattern("(?m)^process\\s+\\S+  host \\S+, pid "
                + ProcessHandle.current().pid() + ", started \\S+, last heartbeat \\S+, forms fail, hello, report$");
    }

    @Test
    void shouldListTheFormsAndShowAFormAndAJobByItsName() throws Exception {
        final CliRun forms = riberry("forms", "list");
        assertThat(forms.exitCode()).as(forms.err()).isZero();
        assertThat(forms.out().lines().findFirst().orElseThrow()).containsSubsequence("FORM", "APPLICATION", "INSTANCE", "ROLE", "DESCRIPTION");
        assertThat(forms.out()).containsPattern("(?m)^hello\\s+demo\\s+demo-local\\s+manager\\s+Greets someone, and succeeds$");
        final JsonNode formsJson = Json.MAPPER.readTree(riberry("forms", "list", "--output", "json").out());
        assertThat(formsJson.get("items")).extracting(item -> item.get("name").asText()).contains("hello", "sleepy", "report", "fail");

        final CliRun hello = riberry("forms", "show", "hello");
        assertThat(hello.exitCode()).as(hello.err()).isZero();
        assertThat(hello.out()).contains("Form         hello").containsSubsequence("INPUT", "TYPE", "REQUIRED", "MULTIPLE", "DEFAULT")
                .containsPattern("(?m)^name\\s+TEXT\\s+yes\\s+no\\s+Who to greet$").contains("No files.")
                .containsPattern("(?m)^minutely-hello\\s+\\* \\* \\* \\* \\*\\s+UTC\\s+yes\\s+\\d+");
        assertThat(riberry("forms", "show", "nope").err().strip()).isEqualTo("riberry: no form nope (HTTP 404)");

        final String executionId = Json.MAPPER.readTree(riberry("submit", "--form", "hello", "--name", "found by name", "--input",
                "name=Lin", "--wait", "--output", "json").out()).get("executionId").asText();
        final CliRun job = riberry("jobs", "show", "found by name");
        assertThat(job.exitCode()).as(job.err()).isZero();
        assertThat(job.out()).contains("Name          found by name").contains("Decision      ACCEPTED").contains("Submitted by  admin")
                .containsPattern("(?m)^name\\s+Lin$").containsPattern("(?m)^" + executionId + "\\s+SUCCESS");
        final JsonNode jobJson = Json.MAPPER.readTree(riberry("jobs", "show", "found by name", "--output", "json").out());
        assertThat(riberry("jobs", "show", jobJson.get("jobId").asText()).out()).contains("found by name");
        assertThat(riberry("artifacts", "list", "found by name").exitCode()).isZero();
        assertThat(riberry("jobs", "show", "no such job").err().strip()).isEqualTo("riberry: no job is named \"no such job\" (HTTP 404)");
    }

    @Test
    void shouldCancelASleepyExecutionAndRerunItsJob() throws Exception {
        final String executionId = Json.MAPPER.readTree(riberry("submit", "--form", "sleepy", "--name", "nap", "--input", "seconds=60",
                "--output", "json").out()).get("executionId").asText();
        final ApiClient api = api();
        for (int i = 0; i < 400 && !"ACTIVE".equals(api.get("/executions/" + executionId).body().path("status").asText()); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(25_000_000L);
        }

        final CliRun cancel = riberry("executions", "cancel", executionId, "--reason", "too sleepy");
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        final CliRun watched = riberry("executions", "watch", executionId, "--interval", "PT0.2S");
        assertThat(watched.exitCode()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        final JsonNode cancelled = api.get("/executions/" + executionId).body();
        assertThat(cancelled.get("status").asText()).isEqualTo("FAILURE");
        assertThat(cancelled.at("/error/message").asText()).isEqualTo("Workflow cancelled by admin: too sleepy");
        final JsonNode napStreams = api.get("/executions/" + executionId + "/streams").body().get("items");
        assertThat(napStreams).as("no ACTIVE stream under a finished execution").allSatisfy(stream ->
                assertThat(stream.get("status").asText()).isEqualTo("FAILURE"));
        final CliRun again = riberry("executions", "cancel", executionId);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err().strip()).isEqualTo("riberry: execution " + executionId + " already ended FAILURE (HTTP 409)");

        final CliRun rerun = riberry("executions", "rerun", executionId, "--output", "json");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        final String second = Json.MAPPER.readTree(rerun.out()).get("executionId").asText();
        for (int i = 0; i < 400 && api.get("/executions/" + second).status() == 404; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(25_000_000L);
        }
        final JsonNode rerunExecution = Json.MAPPER.readTree(riberry("executions", "show", second, "--output", "json").out());
        assertThat(rerunExecution.get("jobName").asText()).isEqualTo("nap");
        assertThat(rerunExecution.get("jobId").asText()).isEqualTo(cancelled.get("jobId").asText());
        // The job's name stands for its latest execution: now the re-run.
        assertThat(Json.MAPPER.readTree(riberry("executions", "show", "nap", "--output", "json").out()).get("executionId").asText())
                .isEqualTo(second);
        final CliRun job = riberry("jobs", "show", "nap");
        assertThat(job.exitCode()).as(job.err()).isZero();
        assertThat(job.out()).contains(executionId).contains(second).containsPattern("(?m)^" + executionId + "\\s+FAILURE");
        assertThat(riberry("executions", "cancel", second, "--reason", "test over").exitCode()).isZero();
    }

    @Test
    void shouldShowTheInstancesCountsAndParameters() {
        final CliRun shown = riberry("instances", "show", "demo-sleepy");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("limit=2").contains("queuedCount").contains("activeCount")
                .containsPattern("schedule\\s+limit=2  \\* 00:00:00-23:59:59 UTC, priority 64");
        final CliRun demo = riberry("instances", "show", "demo-local");
        assertThat(demo.out()).containsPattern("job schedule\\s+minutely-hello  form hello, cron \"\\* \\* \\* \\* \\*\" UTC, runs \\d+ of 5");
        assertThat(riberry("instances", "list").out()).contains("QUEUED").contains("PARAMETERS").contains("limit=2")
                .containsPattern("greeting=(Hello|Good evening)");
    }

    @Test
    void shouldSayInOneLineHowToAuthenticateWhenTheApiRefuses() {
        final CliRun run = CliRun.of("executions", "list", "--api", system.apiUrl(), "--token", "rbt_0000000000000000_" + "A".repeat(43));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("riberry: the API refused the credentials (401)").contains("--token").doesNotContain("AAAA"));
    }

    @Test
    void shouldCreateUseAndRevokeATokenAndRefuseACatalogImportByANonAdministrator(@TempDir final Path dir) throws Exception {
        final CliRun created = riberry("tokens", "create", "--subject", "grace", "--expires-in", "PT1H", "--output", "json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        final JsonNode token = Json.MAPPER.readTree(created.out());
        final String graceToken = token.get("token").asText();
        assertThat(riberry("tokens", "list").out()).contains(token.get("tokenId").asText()).contains("grace").doesNotContain(graceToken);

        // grace is a viewer of hello (config/catalog.yaml's demo-viewers): she sees it, may not submit, may not import the catalog.
        final CliRun asGrace = CliRun.of("executions", "list", "--form", "hello", "--api", system.apiUrl(), "--token", graceToken);
        assertThat(asGrace.exitCode()).as(asGrace.err()).isZero();
        final CliRun submit = CliRun.of("submit", "--form", "hello", "--name", "not-hers", "--input", "name=x", "--api", system.apiUrl(),
                "--token", graceToken, "--bootstrap-server", system.bootstrapServers(), "--registry", system.registryUrl());
        assertThat(submit.exitCode()).isNotZero();
        assertThat(submit.err()).contains("403");
        // A file that changes something (one that matches publishes nothing, and needs no administrator).
        final Path changed = Files.writeString(dir.resolve("changed.yaml"), Files.readString(SHIPPED_CATALOG)
                .replace("description: Greets someone, and succeeds", "description: Greets someone, says grace"));
        final CliRun imported = CliRun.of("catalog", "import", changed.toString(), "--commit", "--yes", "--api", system.apiUrl(),
                "--token", graceToken, "--bootstrap-server", system.bootstrapServers(), "--registry", system.registryUrl());
        assertThat(imported.exitCode()).isNotZero();
        assertThat(imported.err()).contains("grace is not a system administrator");

        assertThat(riberry("tokens", "revoke", token.get("tokenId").asText()).exitCode()).isZero();
        assertThat(CliRun.of("executions", "list", "--api", system.apiUrl(), "--token", graceToken).err()).contains("401");
    }

    @Test
    void shouldRunTheBenchmarksToTheEndOnASmallScale() {
        final String[] connection = {"--bootstrap-server", system.bootstrapServers(), "--registry", system.registryUrl()};

        final CliRun jobs = riberry(concat(new String[] {"bench", "--jobs", "50", "--warmup", "0", "--timeout", "PT60S"}, connection));
        final CliRun progress = riberry(concat(new String[] {"bench", "progress", "--executions", "3", "--steps", "10", "--warmup-steps", "0",
                "--timeout", "PT60S"}, connection));

        assertThat(jobs.exitCode()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains("failed               0").contains("submit->ACTIVE");
        assertThat(progress.exitCode()).as("the bench plays bench-local's worker, heartbeats included: %s", progress.err()).isZero();
        assertThat(progress.out()).contains("events               96 ").contains("folded");
    }

    private CliRun catalog(final String... args) {
        return riberry(concat(concat(new String[] {"catalog"}, args),
                new String[] {"--bootstrap-server", system.bootstrapServers(), "--registry", system.registryUrl()}));
    }

    private ApiClient api() {
        return new ApiClient(system.apiUrl(), system.adminToken());
    }

    /** Waits until the platform has folded a catalog change into what {@code path} answers. */
    private void awaitStatus(final String path, final int status) {
        for (int i = 0; i < 200 && api().get(path).status() != status; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        assertThat(api().get(path).status()).as(path).isEqualTo(status);
    }

    private static String[] concat(final String[] first, final String[] second) {
        final String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private JsonNode awaitArtifacts(final String executionId, final int count) throws Exception {
        for (int i = 0; i < 200; i++) {
            final JsonNode items = Json.MAPPER.readTree(riberry("artifacts", "list", executionId, "--output", "json").out()).get("items");
            if (items.size() >= count && items.get(0).get("complete").asBoolean()) {
                return items;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("no complete artifacts for " + executionId);
    }

    private static JsonNode find(final JsonNode artifacts, final String filename) {
        for (JsonNode artifact : artifacts) {
            if (artifact.get("filename").asText().equals(filename)) {
                return artifact;
            }
        }
        throw new AssertionError("no artifact " + filename + " in " + artifacts);
    }

    /** The report demo's CSV, computed here independently: failing customers (number % 17 == 5) fall back to 0. */
    private static String expectedScores() {
        final StringBuilder csv = new StringBuilder("customer,score\n");
        for (int customer = 1; customer <= 100; customer++) {
            csv.append("customer-").append(customer).append(',').append(customer % 17 == 5 ? 0 : customer * 7 % 100).append('\n');
        }
        return csv.toString();
    }

    /** The CLI against this system, as its administrator (the token riberry dev wrote; the CLI finds it itself only under .riberry/dev). */
    private CliRun riberry(final String... args) {
        return CliRun.of(concat(args, new String[] {"--api", system.apiUrl(), "--token", system.adminToken()}));
    }
}
