package io.riberry.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.sdk.ArtifactType;
import io.riberry.sdk.TaskState;
import io.riberry.sdk.WorkflowTester;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The demo forms' entry points, run through the SDK's {@link WorkflowTester}: what {@code riberry dev} users see. */
class DemoWorkflowsTest {

    /** The customers whose scoring fails: their number leaves 5 when divided by 17. */
    private static final List<Integer> FAILING_CUSTOMERS = List.of(5, 22, 39, 56, 73, 90);

    @Test
    void shouldGreetTheNameWithTheInstancesGreeting() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> DemoWorkflows.hello(context, "Good evening"))
                .form("hello").input("name", "Ada").run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.progress()).containsExactly(new WorkflowTester.Progress("Good evening, Ada!", 100));
    }

    @Test
    void shouldGreetAStrangerWhenNoNameIsGiven() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> DemoWorkflows.hello(context, "Hello")).form("hello").run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.progress()).containsExactly(new WorkflowTester.Progress("Hello, stranger!", 100));
    }

    @Test
    void shouldFailWithItsMessageAndAFatalErrorArtifact() {
        final WorkflowTester.Result result = WorkflowTester.of(DemoWorkflows::fail).form("fail").jobName("second").run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).get().isInstanceOf(IllegalStateException.class)
                .extracting(Throwable::getMessage).isEqualTo("The fail form always fails (job second)");
        final WorkflowTester.ArtifactRecord error = result.artifact("Exception fail");
        assertThat(error.description().type()).isEqualTo(ArtifactType.ERROR);
        assertThat(error.description().category()).isEqualTo("Fatal");
        assertThat(error.description().data()).containsEntry("Error Message", "The fail form always fails (job second)");
        assertThat(result.artifactText("Exception fail")).contains("at io.riberry.cli.dev.DemoWorkflows.fail");
    }

    @Test
    void shouldScoreEveryCustomerInAChainAndFallBackToZeroForTheFailingOnes() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> DemoWorkflows.report(context, 0)).form("report").run();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stepNames("customers")).hasSize(DemoWorkflows.REPORT_CUSTOMERS)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).mapToObj(id -> "customer-" + id).toList());
        assertThat(result.steps()).filteredOn(step -> step.state() == TaskState.FAILURE)
                .extracting(WorkflowTester.StepRecord::name)
                .containsExactlyElementsOf(FAILING_CUSTOMERS.stream().map(id -> "customer-" + id).toList());
        assertThat(result.steps()).filteredOn(step -> step.state() == TaskState.SUCCESS).hasSize(94);
        assertThat(result.stream("customers").category()).isEqualTo("Scoring");
        assertThat(result.stream("customers").state()).as("its failed steps fell back: the scope completed").isEqualTo(TaskState.SUCCESS);
        assertThat(result.stream("customers").expectedTotal()).isEqualTo(DemoWorkflows.REPORT_CUSTOMERS);
        assertThat(result.steps()).filteredOn(step -> step.state() == TaskState.FAILURE).allMatch(WorkflowTester.StepRecord::fallenBack);

        final List<WorkflowTester.ArtifactRecord> errors = result.artifacts().stream()
                .filter(artifact -> artifact.description().type() == ArtifactType.ERROR).toList();
        assertThat(errors).extracting(artifact -> artifact.description().name())
                .containsExactlyInAnyOrderElementsOf(FAILING_CUSTOMERS.stream().map(id -> "Exception customer-" + id).toList());
        assertThat(errors).allSatisfy(error -> assertThat(error.description().category()).isEqualTo("Intercepted"));
        assertThat(result.artifact("Exception customer-22").description().data())
                .containsEntry("Error Message", "customer 22 has no purchase history");
    }

    @Test
    void shouldWriteTheScoresAndTheSummaryExactly() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> DemoWorkflows.report(context, 0)).form("report").run();

        final String scores = result.artifactText("Customer scores");
        assertThat(scores).isEqualTo("customer,score\n" + IntStream.rangeClosed(1, 100)
                .mapToObj(id -> "customer-" + id + "," + (FAILING_CUSTOMERS.contains(id) ? 0 : id * 7 % 100) + "\n")
                .collect(Collectors.joining()));
        assertThat(scores.lines()).contains("customer-1,7", "customer-5,0", "customer-14,98", "customer-15,5", "customer-90,0",
                "customer-100,0");
        assertThat(result.artifact("Customer scores").description().filename()).isEqualTo("scores.csv");
        assertThat(result.artifact("Customer scores").description().type()).isEqualTo(ArtifactType.OUTPUT);
        assertThat(result.artifact("Customer scores").description().data()).containsEntry("title", "Score of every customer");

        assertThat(result.artifactText("Summary")).isEqualTo("# Customer scores\n\nCustomers: 100\nTotal score: 4655\n");
        assertThat(result.artifact("Summary").description().filename()).isEqualTo("summary.md");
        assertThat(result.artifact("Summary").description().type()).isEqualTo(ArtifactType.REPORT);
        assertThat(result.artifact("Summary").description().data()).containsEntry("Customers", "100");

        assertThat(result.progress()).first().isEqualTo(new WorkflowTester.Progress("Scoring 100 customers", 0));
        assertThat(result.progress()).last().isEqualTo(new WorkflowTester.Progress("Done", 100));
    }

    @Test
    void shouldSleepOneStepPerSecond() {
        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(DemoWorkflows::sleepy).form("sleepy").input("seconds", 2).run();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps()).containsExactly(
                new WorkflowTester.StepRecord("sleep", "second 1", TaskState.SUCCESS),
                new WorkflowTester.StepRecord("sleep", "second 2", TaskState.SUCCESS));
        assertThat(result.stream("sleep").state()).isEqualTo(TaskState.SUCCESS);
        assertThat(result.stream("sleep").expectedTotal()).as("one step per second").isEqualTo(2);
        assertThat(result.progress()).containsExactly(
                new WorkflowTester.Progress("Slept 0 of 2 seconds", 0),
                new WorkflowTester.Progress("Slept 1 of 2 seconds", 50),
                new WorkflowTester.Progress("Slept 2 seconds", 100));
        assertThat(tookMs).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void shouldStopSleepingWhenCancelled() {
        final long startedAt = System.nanoTime();
        final WorkflowTester.Result result = WorkflowTester.of(DemoWorkflows::sleepy).form("sleepy").input("seconds", 30)
                .cancelAfter(Duration.ofMillis(1_500)).run();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

        assertThat(result.cancelled()).isTrue();
        // The step running at the cancel finishes its second; none starts after it.
        assertThat(tookMs).isLessThan(5_000);
        assertThat(result.stepNames("sleep")).hasSizeBetween(1, 3).startsWith("second 1");
        assertThat(result.steps().get(0).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(result.progress()).doesNotContain(new WorkflowTester.Progress("Slept 30 seconds", 100));
        assertThat(result.artifacts()).isEmpty();
    }
}
