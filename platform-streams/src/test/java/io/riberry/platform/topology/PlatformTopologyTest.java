package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormGrant;
import io.riberry.schema.FormRole;
import io.riberry.schema.GroupDefinition;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.JobStatus;
import io.riberry.topics.KeyPartitions;
import io.riberry.topics.RiberryTopics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.topics.RecordLimits;
import io.riberry.schema.internal.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole platform topology on the test driver: a job's path to SUCCESS, rejections, replays, anomalies and dead letters. */
class PlatformTopologyTest {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    private static final RiberryTopics TOPICS = PlatformDriver.TOPICS;

    @TempDir
    Path stateDir;

    private PlatformDriver platform;
    private TestInputTopic<String, JobSubmitted> jobInputs;
    private TestInputTopic<String, WorkflowEvent> events;
    private TestInputTopic<String, byte[]> rawJobInputs;
    private TestOutputTopic<String, ExecutionState> executions;
    private TestOutputTopic<String, ExecutionDispatched> dispatches;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private KeyValueStore<String, ExecutionRecord> executionStore;
    private KeyValueStore<String, JobRecord> jobStore;

    @BeforeEach
    void startDriver() {
        platform = new PlatformDriver(stateDir, START);
        jobInputs = platform.jobInputs;
        rawJobInputs = platform.rawJobInputs;
        events = platform.events;
        executions = platform.executions;
        dispatches = platform.dispatches;
        deadLetters = platform.deadLetters;
        executionStore = platform.executionStore();
        jobStore = platform.jobStore();
    }

    @AfterEach
    void closeDriver() {
        platform.close();
    }

    @Test
    void shouldCarryAValidJobToReadyAndDispatchItToItsInstance() {
        jobInputs.pipeInput("job-1", Events.job("job-1", "hello", Map.of("name", "Ada")));

        final String executionId = ExecutionIds.of("job-1", 1);
        assertThat(executions.readValuesToList()).extracting(ExecutionState::getStatus)
                .containsExactly(ExecutionStatus.RECEIVED, ExecutionStatus.READY);
        final ExecutionDispatched dispatch = dispatches.readValue();
        assertThat(dispatch.getExecutionId()).isEqualTo(executionId);
        assertThat(dispatch.getAttempt()).isEqualTo(1);
        assertThat(dispatch.getForm()).isEqualTo("hello");
        assertThat(dispatch.getInputs()).containsEntry("name", "Ada");
        assertThat(jobStore.get("job-1").getStatus()).isEqualTo(JobStatus.ACCEPTED);
        assertThat(jobStore.get("job-1").getExecutionIds()).containsExactly(executionId);
    }

    @Test
    void shouldCountAndSkipTombstonesOnInputTopicsAndGoOn() {
        final long before = IgnoredTombstones.total();

        jobInputs.pipeInput("job-tombstone", null);
        events.pipeInput("execution-tombstone", null);
        final String executionId = dispatchedJob("job-after-tombstones");

        assertThat(IgnoredTombstones.total() - before).isEqualTo(2);
        assertThat(jobStore.get("job-tombstone")).isNull();
        assertThat(executionStore.get(executionId)).isNotNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAJobOverTheSizeLimitStoringItWithoutItsInputs() {
        jobInputs.pipeInput("job-huge", Events.job("job-huge", "hello", Map.of("name", "x".repeat(RecordLimits.MAX_JOB_BYTES))));

        final JobRecord stored = jobStore.get("job-huge");
        assertThat(stored.getStatus()).isEqualTo(JobStatus.REJECTED);
        assertThat(stored.getReasons()).singleElement().asString().contains("the limit is " + RecordLimits.MAX_JOB_BYTES);
        assertThat(stored.getJob().getInputs()).isEmpty();
        assertThat(executions.isEmpty()).isTrue();
    }

    @Test
    void shouldQuoteAnOverlongValueInAReasonOnlyInPart() {
        jobInputs.pipeInput("job-odd", Events.job("job-odd", "no-such-form-" + "q".repeat(200), Map.of()));

        final String reason = jobStore.get("job-odd").getReasons().get(0);
        assertThat(reason).startsWith("unknown form \"no-such-form-").contains("(213 characters)").hasSizeLessThan(200);
    }

    @Test
    void shouldFoldWorkerEventsIntoSuccess() {
        final String executionId = dispatchedJob("job-2");

        events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(1)));
        events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(2)));

        assertThat(executions.readValuesToList()).extracting(ExecutionState::getStatus)
                .containsExactly(ExecutionStatus.ACTIVE, ExecutionStatus.SUCCESS);
        final ExecutionState state = executionStore.get(executionId).getState();
        assertThat(state.getStatus()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(state.getStartedAt()).isEqualTo(START.plusSeconds(1));
        assertThat(state.getCompletedAt()).isEqualTo(START.plusSeconds(2));
        assertThat(state.getReadyAt()).isNotNull();
        assertThat(state.getAnomalyCount()).isZero();
    }

    @Test
    void shouldEndFailureWithTheErrorAndRejectEverythingAfterIt() {
        final String executionId = dispatchedJob("job-3");
        events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(1)));
        events.pipeInput(executionId, Events.failed(executionId, 1, START.plusSeconds(2), "it broke"));

        events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(3)));
        events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(4)));

        final ExecutionState state = executionStore.get(executionId).getState();
        assertThat(state.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(state.getError().getMessage()).isEqualTo("it broke");
        assertThat(state.getError().getStackTrace()).contains("at demo.Fail.run");
        assertThat(state.getCompletedAt()).isEqualTo(START.plusSeconds(2));
        assertThat(state.getAnomalyCount()).isEqualTo(2);
        assertThat(state.getAnomalies()).extracting(a -> a.getReason())
                .containsExactly("execution is already FAILURE", "execution is already FAILURE");
    }

    @Test
    void shouldApplyADuplicatedEventOnce() {
        final String executionId = dispatchedJob("job-4");
        final WorkflowEvent started = Events.started(executionId, 1, START.plusSeconds(1));

        events.pipeInput(executionId, started);
        events.pipeInput(executionId, started);

        final ExecutionState state = executionStore.get(executionId).getState();
        assertThat(state.getStatus()).isEqualTo(ExecutionStatus.ACTIVE);
        assertThat(state.getStartedAt()).isEqualTo(START.plusSeconds(1));
        assertThat(state.getAnomalies()).extracting(a -> a.getReason()).containsExactly("duplicate event " + started.getEventId());
    }

    @Test
    void shouldRejectACompletionBeforeTheStart() {
        final String executionId = dispatchedJob("job-5");

        events.pipeInput(executionId, Events.succeeded(executionId, 1, START.plusSeconds(1)));

        final ExecutionState state = executionStore.get(executionId).getState();
        assertThat(state.getStatus()).isEqualTo(ExecutionStatus.READY);
        assertThat(state.getAnomalies()).extracting(a -> a.getReason()).containsExactly("cannot complete an execution that is READY");
    }

    @Test
    void shouldFenceOffEventsOfAnAttemptThatIsNotTheCurrentOne() {
        final String executionId = dispatchedJob("job-fenced");
        events.pipeInput(executionId, Events.started(executionId, 1, START.plusSeconds(1)));

        events.pipeInput(executionId, Events.succeeded(executionId, 2, START.plusSeconds(2)));

        final ExecutionState state = executionStore.get(executionId).getState();
        assertThat(state.getStatus()).as("the stale attempt's report is not applied").isEqualTo(ExecutionStatus.ACTIVE);
        assertThat(state.getAnomalies()).extracting(a -> a.getReason()).containsExactly("event of attempt 2 but the current attempt is 1");
    }

    @Test
    void shouldStoreAJobForAnUnknownFormAsRejectedWithoutAnExecution() {
        jobInputs.pipeInput("job-6", Events.job("job-6", "no-such-form", Map.of()));

        final JobRecord job = jobStore.get("job-6");
        assertThat(job.getStatus()).isEqualTo(JobStatus.REJECTED);
        assertThat(job.getReasons()).containsExactly("unknown form \"no-such-form\"");
        assertThat(job.getExecutionIds()).isEmpty();
        assertThat(executions.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveEveryReasonWhenAJobIsInvalid() {
        final JobSubmitted job = Events.job("job-7", "hello", Map.of());
        job.setName(" ");
        job.setPriority(900);

        jobInputs.pipeInput("job-7", job);

        assertThat(jobStore.get("job-7").getReasons()).containsExactlyInAnyOrder(
                "job name is required", "priority must be between 1 and 255, not 900", "missing required input \"name\"");
        assertThat(executions.isEmpty()).isTrue();
    }

    @Test
    void shouldCreateNothingNewWhenAJobIdIsReplayed() {
        dispatchedJob("job-8");

        jobInputs.pipeInput("job-8", Events.job("job-8", "hello", Map.of("name", "Grace")));

        assertThat(executions.isEmpty()).isTrue();
        assertThat(dispatches.isEmpty()).isTrue();
        assertThat(executionStore.get(ExecutionIds.of("job-8", 2))).isNull();
        assertThat(jobStore.get("job-8").getJob().getInputs()).containsEntry("name", "Ada");
    }

    @Test
    void shouldSendACorruptRecordToTheDeadLetterTopicAndContinue() {
        rawJobInputs.pipeInput("bad", new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
        rawJobInputs.pipeInput("worse", new byte[] {7});
        dispatchedJob("job-9");

        assertThat(executionStore.get(ExecutionIds.of("job-9", 1)).getState().getStatus()).isEqualTo(ExecutionStatus.READY);
        final List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).getTopic()).isEqualTo(TOPICS.jobInputs());
        assertThat(letters.get(0).getError()).contains("schema").contains("42");
        assertThat(letters.get(1).getError()).contains("Not a Confluent wire-format value");
        assertThat(letters.get(1).getValue().array()).containsExactly(7);
    }

    @Test
    void shouldDeadLetterAWorkerEventForAnUnknownExecutionWithoutCreatingIt() {
        final WorkflowEvent ghostly = Events.started("ghost", 1, START);
        events.pipeInput("ghost", ghostly);

        assertThat(executionStore.get("ghost")).isNull();
        assertThat(executions.isEmpty()).isTrue();
        final DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getTopic()).isEqualTo(TOPICS.events());
        assertThat(letter.getError()).isEqualTo("ExecutionStarted " + ghostly.getEventId() + " rejected: unknown execution ghost");
        assertThat(letter.getProcessor()).isEqualTo(ProcessorNames.EXECUTION_PROCESSOR);
        assertThat(letter.getValue()).isNotNull();
    }

    @Test
    void shouldRejectAJobWhoseNameAnotherJobHoldsButNotAReplayOfTheHolder() {
        final JobSubmitted first = Events.job("named-1", "hello", Map.of("name", "Ada"));
        first.setName("monthly report");
        final JobSubmitted second = Events.job("named-2", "hello", Map.of("name", "Bob"));
        second.setName("monthly report");

        jobInputs.pipeInput("named-1", first);
        jobInputs.pipeInput("named-2", second);
        jobInputs.pipeInput("named-1", first);

        assertThat(jobStore.get("named-1").getStatus()).isEqualTo(JobStatus.ACCEPTED);
        assertThat(jobStore.get("named-2").getStatus()).isEqualTo(JobStatus.REJECTED);
        assertThat(jobStore.get("named-2").getReasons()).containsExactly("job name \"monthly report\" is already used by job named-1");
        assertThat(executions.readValuesToList()).extracting(ExecutionState::getJobId).containsOnly("named-1");
    }

    @Test
    void shouldDecideAJobInItsNamesPartitionAfterADetourOnlyWhenItArrivedElsewhere(@TempDir final Path otherStateDir) {
        try (PlatformDriver twoPartitions = new PlatformDriver(otherStateDir, START, true, 2)) {
            final KeyPartitions partitions = new KeyPartitions(2);
            final String here = nameIn(partitions, 0);
            final String elsewhere = nameIn(partitions, 1);
            final JobSubmitted local = Events.job("local", "hello", Map.of("name", "Ada"));
            local.setName(here);
            final JobSubmitted remote = Events.job("remote", "hello", Map.of("name", "Bob"));
            remote.setName(elsewhere);

            twoPartitions.jobInputs.pipeInput("local", local);
            twoPartitions.jobInputs.pipeInput("remote", remote);

            assertThat(twoPartitions.claims.readKeyValuesToList()).extracting(kv -> kv.key).as("re-keyed by name").containsExactly(elsewhere);
            assertThat(twoPartitions.jobStore().get("local").getStatus()).isEqualTo(JobStatus.ACCEPTED);
            assertThat(twoPartitions.jobStore().get("remote").getStatus()).isEqualTo(JobStatus.ACCEPTED);
            assertThat(twoPartitions.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("local", "remote");
        }
    }

    @Test
    void shouldNotDecideAReplayedRejectedJobAgainEvenOnceItWouldBeValid() {
        final JobSubmitted job = Events.job("too-early", "hello", Map.of());
        jobInputs.pipeInput("too-early", job);
        assertThat(jobStore.get("too-early").getStatus()).isEqualTo(JobStatus.REJECTED);

        job.setInputs(Map.of("name", "now valid"));
        jobInputs.pipeInput("too-early", job);

        assertThat(jobStore.get("too-early").getStatus()).isEqualTo(JobStatus.REJECTED);
        assertThat(executions.isEmpty()).isTrue();
    }

    private static String nameIn(final KeyPartitions partitions, final int partition) {
        for (int i = 0; ; i++) {
            if (partitions.partitionOf("job " + i) == partition) {
                return "job " + i;
            }
        }
    }

    @Test
    void shouldRerunAJobAsANewExecutionOnceEvenWhenTheCommandIsReplayed() {
        final String first = dispatchedJob("job-rerun");
        events.pipeInput(first, Events.started(first, 1, START.plusSeconds(1)));
        events.pipeInput(first, Events.succeeded(first, 1, START.plusSeconds(2)));
        executions.readValuesToList();
        final ExecutionCommand rerun = ExecutionCommand.newBuilder().setCommandId("rerun-1").setExecutionId(first)
                .setType(ExecutionCommandType.RERUN).setRequestedBy("ops").setRequestedAt(START.plusSeconds(3)).build();

        platform.commands.pipeInput(first, rerun);
        platform.commands.pipeInput(first, rerun);

        final String second = ExecutionIds.ofRerun("rerun-1");
        assertThat(executions.readValuesToList()).extracting(ExecutionState::getExecutionId, ExecutionState::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second, ExecutionStatus.RECEIVED),
                        org.assertj.core.groups.Tuple.tuple(second, ExecutionStatus.READY));
        assertThat(dispatches.readValue().getInputs()).containsEntry("name", "Ada");
        assertThat(jobStore.get("job-rerun").getExecutionIds()).containsExactly(first, second);
        assertThat(executionStore.get(first).getState().getStatus()).as("the first run is untouched").isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void shouldDeadLetterARerunOfAnUnknownExecution() {
        platform.commands.pipeInput("ghost", ExecutionCommand.newBuilder().setCommandId("rerun-ghost").setExecutionId("ghost")
                .setType(ExecutionCommandType.RERUN).setRequestedAt(START).build());

        assertThat(deadLetters.readValue().getError()).isEqualTo("RERUN rerun-ghost rejected: unknown execution ghost");
    }

    @Test
    void shouldKeepGroupsInTheGlobalCatalogBesideTheFormsTheyGrantAndJudgeJobsAsBefore() {
        final GroupDefinition operators = GroupDefinition.newBuilder().setName("demo-operators").setMembers(List.of("ada"))
                .setForms(List.of(new FormGrant("hello", FormRole.OPERATOR))).build();
        platform.catalog(CatalogView.groupId("demo-operators"), operators);
        platform.catalog(CatalogView.groupId("admins"), GroupDefinition.newBuilder().setName("admins").setAdministrators(true).build());

        final CatalogView catalog = new CatalogView(platform.catalogStore());

        assertThat(catalog.groups()).extracting(GroupDefinition::getName).containsExactly("admins", "demo-operators");
        assertThat(catalog.group("demo-operators")).contains(operators);
        assertThat(catalog.group("hello")).as("a form is no group").isEmpty();
        assertThat(catalog.form("demo-operators")).as("a group is no form").isEmpty();
        assertThat(catalog.all("form:", FormDefinition.class)).extracting(FormDefinition::getName).containsExactlyInAnyOrder("hello", "fail");
        platform.dispatchedJob("job-beside-groups");

        platform.catalog(CatalogView.groupId("admins"), null);

        assertThat(catalog.groups()).extracting(GroupDefinition::getName).containsExactly("demo-operators");
    }

    @Test
    void shouldNameEveryNodeAndStoreWithConstants() {
        final TopologyDescription description = platform.topology().describe();

        assertThat(description.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(description.toString()).contains(ProcessorNames.JOB_DECISIONS, ProcessorNames.JOB_STORE, StoreNames.REJECTED_JOBS,
                ProcessorNames.INSTANCE_PROCESSOR, ProcessorNames.EXECUTION_PROCESSOR, StoreNames.JOB_NAMES, StoreNames.JOBS,
                StoreNames.EXECUTIONS, StoreNames.EXECUTION_STREAMS, StoreNames.EXECUTION_STEPS, StoreNames.EXECUTION_ARTIFACTS,
                StoreNames.ARTIFACTS, StoreNames.ARTIFACT_CHUNKS, StoreNames.INSTANCE_STATUS, StoreNames.INSTANCE_PARAMETERS,
                StoreNames.DISPATCH_QUEUE, StoreNames.JOB_SCHEDULE_RUNS, StoreNames.EXECUTION_INDEX, StoreNames.EXECUTION_COUNTS, StoreNames.IN_FLIGHT,
                StoreNames.CATALOG);
    }

    private String dispatchedJob(final String jobId) {
        return platform.dispatchedJob(jobId);
    }
}
