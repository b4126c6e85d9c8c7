package io.riberry.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.processor.InstanceProcessor;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.store.DispatchQueueKeys;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.store.InstanceKeys;
import io.riberry.platform.testing.Catalogs;
import io.riberry.platform.testing.Events;
import io.riberry.platform.testing.PlatformDriver;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.InstanceState;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.WorkerProcessState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker processes the instance task keeps (what each said of itself), and the dispatch rule
 * they make: an execution whose form no live process of its instance serves is not dispatched but
 * ends FAILURE with a {@code FormNotServed} error artifact. The driver's own process, p-1, serves
 * hello only; the demo catalog also binds fail to the instance.
 */
class ServedFormsTopologyTest {

    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path stateDir;

    private PlatformDriver platform;

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void shouldKeepWhatEachProcessSaysOfItself() {
        platform = new PlatformDriver(stateDir, START);

        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-2", START.plusSeconds(1), List.of("hello", "fail"), true));

        final WorkerProcessState process = platform.processStore().get(InstanceKeys.key(Catalogs.INSTANCE, "p-2"));
        assertThat(process.getForms()).containsExactly("hello", "fail");
        assertThat(process.getHost()).isEqualTo("test-host");
        assertThat(process.getPid()).isEqualTo(4242L);
        assertThat(process.getStartedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(process.getLastHeartbeatAt()).isEqualTo(START.plusSeconds(1));
        assertThat(process.getStopping()).isTrue();
    }

    @Test
    void shouldFailAJobForAFormNoLiveProcessServesWithAnArtifactNamingTheFormsTheyServe() {
        platform = new PlatformDriver(stateDir, START);

        final String executionId = submit("unserved", "fail");

        final ExecutionState failed = platform.execution(executionId);
        assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.FAILURE);
        assertThat(failed.getReadyAt()).as("never dispatched").isNull();
        assertThat(failed.getError().getType()).isEqualTo(InstanceProcessor.FORM_NOT_SERVED);
        assertThat(failed.getError().getMessage())
                .isEqualTo("no live process of instance demo-local serves form fail; its live processes serve hello");
        assertThat(platform.dispatches.isEmpty()).isTrue();
        final ArtifactManifest artifact = artifactOf(executionId);
        assertThat(artifact.getArtifact().getName()).isEqualTo("Exception FormNotServed");
        assertThat(artifact.getArtifact().getCategory()).isEqualTo("Fatal");
        assertThat(new String(platform.chunkStore().get(ArtifactKeys.chunk(artifact.getArtifactId(), 0)), StandardCharsets.UTF_8))
                .isEqualTo(failed.getError().getMessage());
        assertThat(instance().getReadyCount() + instance().getActiveCount() + instance().getQueuedCount()).as("it took no place").isZero();
    }

    @Test
    void shouldDispatchAFormThatAnyLiveProcessServes() {
        platform = new PlatformDriver(stateDir, START);
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-2", START, List.of("fail"), false));

        submit("served-by-the-other", "fail");

        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("served-by-the-other");
    }

    @Test
    void shouldCountAProcessThatListsNoFormsAsServingEveryForm() {
        platform = new PlatformDriver(stateDir, START);
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-older-sdk", START, List.of(), false));

        submit("any-form-goes", "fail");

        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getJobId).containsExactly("any-form-goes");
    }

    @Test
    void shouldNotCountAClosingProcessAmongThoseThatServe() {
        platform = new PlatformDriver(stateDir, START);
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-leaving", START, List.of("fail"), true));

        final String executionId = submit("only-a-leaving-process-serves-it", "fail");

        assertThat(platform.execution(executionId).getError().getType()).isEqualTo(InstanceProcessor.FORM_NOT_SERVED);
        assertThat(platform.dispatches.isEmpty()).isTrue();
    }

    @Test
    void shouldNotCountASilentProcessAmongThoseThatServe() {
        platform = new PlatformDriver(stateDir, START);
        platform.heartbeats.pipeInput(Catalogs.INSTANCE, Events.heartbeat("p-gone", START, List.of("fail"), false));
        // p-1 keeps sending heartbeats; p-gone is silent from START on.
        for (int second = 1; second <= 12; second++) {
            platform.advanceWallClock(Duration.ofSeconds(1));
            platform.heartbeat(platform.now());
            platform.clockTick();
        }

        final String executionId = submit("served-only-by-a-silent-process", "fail");

        assertThat(platform.execution(executionId).getError().getType()).isEqualTo(InstanceProcessor.FORM_NOT_SERVED);
    }

    @Test
    void shouldLetAnExecutionWaitWhileNoProcessIsLiveAndJudgeItsFormWhenOneComes() {
        platform = new PlatformDriver(stateDir, START, false);
        final String unserved = submit("waits-for-a-process", "fail");
        final String served = submit("waits-too", "hello");
        assertThat(platform.execution(unserved).getStatus()).isEqualTo(ExecutionStatus.RECEIVED);
        assertThat(instance().getQueuedCount()).isEqualTo(2);

        platform.heartbeat(START.plusSeconds(1));

        assertThat(platform.execution(unserved).getError().getType()).isEqualTo(InstanceProcessor.FORM_NOT_SERVED);
        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getExecutionId).containsExactly(served);
        assertThat(instance().getQueuedCount()).isZero();
    }

    @Test
    void shouldPassOverAnUnservedQueuedExecutionWithoutUsingUpTheRoomItsTurnWouldHaveTaken() {
        platform = new PlatformDriver(stateDir, START);
        platform.catalog(Catalogs.allDay("one-at-a-time", "limit", "1").getKey(), Catalogs.allDay("one-at-a-time", "limit", "1").getValue()
                .getEntity());
        platform.advanceWallClock(Duration.ofSeconds(1));
        final String running = platform.activeJob("running", START.plusSeconds(1));
        final String unserved = submit("unserved-first-in-line", "fail", 200);
        final String next = submit("served-next", "hello", 10);
        assertThat(platform.execution(unserved).getStatus()).as("queued behind the limit").isEqualTo(ExecutionStatus.RECEIVED);

        platform.events.pipeInput(running, Events.succeeded(running, 1, START.plusSeconds(2)));

        assertThat(platform.execution(unserved).getError().getType()).isEqualTo(InstanceProcessor.FORM_NOT_SERVED);
        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getExecutionId).containsExactly(next);
        assertThat(instance().getReadyCount()).isEqualTo(1);
        assertThat(instance().getQueuedCount()).isZero();
    }

    @Test
    void shouldDispatchAQueueEntryFromBeforeTheQueueKeptFormsAsBefore() {
        platform = new PlatformDriver(stateDir, START, false);
        final String executionId = submit("queued-by-an-older-platform", "fail");
        try (KeyValueIterator<String, String> queued = platform.dispatchQueueStore().all()) {
            final KeyValue<String, String> entry = queued.next();
            assertThat(entry.value).isEqualTo("fail");
            // What the previous version wrote: the execution id, no form.
            platform.dispatchQueueStore().put(entry.key, DispatchQueueKeys.executionIdOf(entry.key));
        }

        platform.heartbeat(START.plusSeconds(1));

        assertThat(platform.dispatches.readValuesToList()).extracting(ExecutionDispatched::getExecutionId).containsExactly(executionId);
    }

    private String submit(final String jobId, final String form) {
        return submit(jobId, form, 64);
    }

    private String submit(final String jobId, final String form, final int priority) {
        final JobSubmitted job = Events.job(jobId, form, form.equals("hello") ? Map.of("name", "Ada") : Map.of());
        job.setPriority(priority);
        platform.jobInputs.pipeInput(jobId, job);
        return ExecutionIds.of(jobId, 1);
    }

    private InstanceState instance() {
        return platform.instanceStore().get(Catalogs.INSTANCE);
    }

    private ArtifactManifest artifactOf(final String executionId) {
        try (KeyValueIterator<String, ArtifactManifest> all = platform.executionArtifactStore().all()) {
            while (all.hasNext()) {
                final ArtifactManifest manifest = all.next().value;
                if (manifest.getExecutionId().equals(executionId)) {
                    return manifest;
                }
            }
        }
        throw new AssertionError("no artifact of " + executionId);
    }
}
