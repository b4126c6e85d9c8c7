package io.riberry.platform.processor;

import io.riberry.platform.errors.IgnoredTombstones;
import io.riberry.platform.processor.execution.ChangeOutcome;
import io.riberry.platform.processor.execution.DispatchExecutionChange;
import io.riberry.platform.processor.execution.ExecutionChange;
import io.riberry.platform.processor.execution.ExecutionChanges;
import io.riberry.platform.processor.execution.FailExecutionChange;
import io.riberry.platform.processor.execution.Liveness;
import io.riberry.platform.processor.execution.OpenStreams;
import io.riberry.platform.processor.execution.StepEventChange;
import io.riberry.platform.processor.execution.ExecutionProgress;
import io.riberry.platform.processor.execution.ExecutionRecords;
import io.riberry.platform.processor.execution.ExecutionStores;
import io.riberry.platform.processor.execution.Rejection;
import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ArtifactType;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.schema.internal.Activate;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.JobRerun;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.schema.internal.Release;
import io.riberry.platform.errors.DeadLetters;
import io.riberry.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution state, keyed by execution id: applies a change (platform transition or worker
 * event), keeps rejected ones as anomalies of the execution (or, when there is no such
 * execution, on the dead-letter topic), and after every change stores the execution,
 * maintains the listing index and publishes the full snapshot. The READY hand-off to the
 * instance is emitted here, in the same transaction that records READY, so a worker can never
 * report on an execution whose READY the platform has not yet stored.
 */
public final class ExecutionProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionProcessor.class);

    /** Liveness of recently changed executions; a step event is checked against it instead of the decoded record. */
    private static final int LIVENESS_ENTRIES = 10_000;

    private final Serializer<ExecutionTransition> rawTransitions;
    private final Serializer<WorkflowEvent> rawEvents;
    private final Serializer<ExecutionCommand> rawCommands;
    private final ProcessingMetrics metrics;
    private final Map<String, Liveness> liveness = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Liveness> eldest) {
            return size() > LIVENESS_ENTRIES;
        }
    };
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ExecutionRecord> executions;
    private KeyValueStore<String, String> index;
    private ExecutionStores executionStores;
    private ExecutionCounts counts;

    /** The serializers re-encode a refused input for its dead letter; {@code metrics} hears of starts, ends, anomalies and dead letters. */
    public ExecutionProcessor(final Serializer<ExecutionTransition> rawTransitions, final Serializer<WorkflowEvent> rawEvents,
                              final Serializer<ExecutionCommand> rawCommands, final ProcessingMetrics metrics) {
        this.rawTransitions = rawTransitions;
        this.rawEvents = rawEvents;
        this.rawCommands = rawCommands;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.executions = context.getStateStore(StoreNames.EXECUTIONS);
        this.index = context.getStateStore(StoreNames.EXECUTION_INDEX);
        this.counts = new ExecutionCounts(context.getStateStore(StoreNames.EXECUTION_COUNTS), executions);
        // A revived task may have rolled its stores back: trust nothing remembered from before.
        this.liveness.clear();
        this.executionStores = new ExecutionStores(context.getStateStore(StoreNames.EXECUTION_STREAMS),
                context.getStateStore(StoreNames.EXECUTION_STEPS), context.getStateStore(StoreNames.EXECUTION_ARTIFACTS),
                manifest -> context.forward(new Record<>(manifest.getArtifactId(), (Object) manifest, manifest.getCreatedAt().toEpochMilli()),
                        ProcessorNames.ARTIFACT_MANIFESTS_SINK),
                notification -> context.forward(new Record<>(notification.getExecutionId(), (Object) notification,
                        notification.getCreatedAt().toEpochMilli()), ProcessorNames.NOTIFICATIONS_SINK));
    }

    @Override
    public void process(final Record<String, Object> record) {
        if (IgnoredTombstones.skip(context, record)) {
            return;
        }
        if (record.key() == null) {
            LOG.warn("Ignoring a record without a key from {}", context.recordMetadata().map(Object::toString).orElse("a punctuation"));
            return;
        }
        if (record.value() instanceof ExecutionCommand command && command.getType() == ExecutionCommandType.RERUN) {
            rerun(record, command);
            return;
        }
        final ExecutionChange change;
        if (record.value() instanceof WorkflowEvent event) {
            change = ExecutionChanges.fromWorkerEvent(WorkerEventBounds.bound(event), executionStores);
        } else if (record.value() instanceof ExecutionCommand command) {
            change = ExecutionChanges.fromCommand(command);
        } else {
            change = ExecutionChanges.fromTransition((ExecutionTransition) record.value());
        }
        if (change instanceof StepEventChange step) {
            final Liveness live = livenessOf(record.key());
            if (live != null && step.applyIfLive(live) instanceof ChangeOutcome.Unchanged) {
                return;
            }
        }
        final ExecutionRecord current = executions.get(record.key());
        final ChangeOutcome outcome = change.apply(current);
        if (outcome instanceof ChangeOutcome.Unchanged) {
            return;
        }
        if (outcome instanceof ChangeOutcome.Applied applied) {
            persist(current, applied.next(), record.timestamp());
            if (change instanceof FailExecutionChange fail) {
                platformErrorArtifact(applied.next().getState(), fail);
            }
        } else if (outcome instanceof ChangeOutcome.Rejected rejected) {
            LOG.info("Rejected {} {} for execution {}: {}", change.kind(), change.changeId(), record.key(), rejected.reason());
            if (change instanceof DispatchExecutionChange && current != null && ExecutionRecords.isTerminal(current.getState().getStatus())) {
                // Dispatched after it ended (a cancel while it waited): give the instance its slot back.
                release(current.getState(), record.timestamp());
            }
            if (current != null) {
                final Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
                persist(current, ExecutionRecords.withAnomaly(current, change, rejected.reason(), now), record.timestamp());
                metrics.anomaly(change.kind(), rejected.rejection().label());
            } else {
                deadLetter(record, rejected.rejection(),
                        change.kind() + " " + change.changeId() + " rejected: " + rejected.reason() + " " + record.key());
            }
        }
    }

    /** A re-run is a new execution of the same job: the job's intake task, which owns the job, creates it. */
    private void rerun(final Record<String, Object> record, final ExecutionCommand command) {
        final ExecutionRecord execution = executions.get(record.key());
        if (execution == null) {
            deadLetter(record, Rejection.UNKNOWN_EXECUTION,
                    "RERUN " + command.getCommandId() + " rejected: unknown execution " + record.key());
            return;
        }
        final String jobId = execution.getState().getJobId();
        final JobRerun rerun = JobRerun.newBuilder()
                .setJobId(jobId)
                .setExecutionId(ExecutionIds.ofRerun(command.getCommandId()))
                .setRerunOf(record.key())
                .setRequestedBy(command.getRequestedBy())
                .setRequestedAt(command.getRequestedAt())
                .build();
        context.forward(new Record<>(jobId, (Object) rerun, record.timestamp()), ProcessorNames.JOB_RERUNS_SINK);
    }

    /**
     * A failure the platform decided (the instance went offline, a cancel) leaves an error artifact
     * saying so, as a worker's failure does: its one chunk goes to the chunk side like any other.
     */
    private void platformErrorArtifact(final ExecutionState state, final FailExecutionChange fail) {
        final ExecutionError error = fail.error();
        final byte[] content = String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8);
        final String artifactId = UUID.nameUUIDFromBytes((fail.changeId() + ":artifact").getBytes(StandardCharsets.UTF_8)).toString();
        final ArtifactCreated artifact = ArtifactCreated.newBuilder()
                .setArtifactId(artifactId)
                .setName("Exception " + error.getType())
                .setType(ArtifactType.ERROR)
                .setCategory("Fatal")
                .setFilename(error.getType() + "-" + state.getExecutionId() + ".log")
                .setSize(content.length)
                .setChunkCount(1)
                .setSha256(sha256(content))
                .setData(Map.of("Error Type", error.getType(), "Error Message", String.valueOf(error.getMessage())))
                .build();
        final ArtifactManifest manifest = new ArtifactManifest(artifactId, state.getExecutionId(), artifact, fail.at());
        executionStores.artifacts().put(ArtifactKeys.ofExecution(state.getExecutionId(), artifactId), manifest);
        executionStores.manifests().accept(manifest);
        context.forward(new Record<>(artifactId, (Object) new ArtifactChunk(artifactId, state.getExecutionId(), 0, ByteBuffer.wrap(content)),
                fail.at().toEpochMilli()), ProcessorNames.ARTIFACT_CHUNKS_SINK);
    }

    private static String sha256(final byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** The execution's liveness, from memory or read once from its record; null when there is no such execution. */
    private Liveness livenessOf(final String executionId) {
        final Liveness known = liveness.get(executionId);
        if (known != null) {
            return known;
        }
        final ExecutionRecord stored = executions.get(executionId);
        if (stored == null) {
            return null;
        }
        final Liveness read = Liveness.of(stored.getState());
        liveness.put(executionId, read);
        return read;
    }

    private void persist(final ExecutionRecord previous, final ExecutionRecord next, final long timestamp) {
        final ExecutionState state = next.getState();
        final ExecutionStatus endedFrom = previous == null ? null : previous.getState().getStatus();
        if (endedFrom != null && !ExecutionRecords.isTerminal(endedFrom) && ExecutionRecords.isTerminal(state.getStatus())) {
            // Before the snapshot, so the published execution already counts its streams closed.
            OpenStreams.closeWith(executionStores, state);
        }
        state.setProgress(ExecutionProgress.of(executionStores.streams(), state.getExecutionId(), state.getStartedAt(),
                next.getReportedPercent()));
        final String executionId = state.getExecutionId();
        counts.moved(previous == null ? null : previous.getState(), state);
        executions.put(executionId, next);
        liveness.put(executionId, Liveness.of(state));
        updateIndex(previous == null ? null : previous.getState(), state);
        context.forward(new Record<>(executionId, (Object) state, timestamp), ProcessorNames.EXECUTIONS_SINK);

        final ExecutionStatus before = previous == null ? null : previous.getState().getStatus();
        if (before == ExecutionStatus.RECEIVED && state.getStatus() == ExecutionStatus.READY) {
            context.forward(new Record<>(executionId, (Object) dispatchOf(next), timestamp), ProcessorNames.DISPATCH_SINK);
        }
        if (before == ExecutionStatus.READY && state.getStatus() == ExecutionStatus.ACTIVE) {
            metrics.executionStarted(state.getForm(), between(state.getCreatedAt(), state.getStartedAt()));
            // The instance counts READY and ACTIVE apart (GET /instances); its limit counts both.
            final DispatchRequest activate = DispatchRequest.newBuilder()
                    .setInstance(state.getInstance()).setExecutionId(executionId).setAt(state.getUpdatedAt())
                    .setRequest(new Activate(state.getAttempt(), state.getProcessId() == null ? "" : state.getProcessId()))
                    .build();
            context.forward(new Record<>(state.getInstance(), (Object) activate, timestamp), ProcessorNames.DISPATCH_REQUESTS_SINK);
        }
        if (before != null && !ExecutionRecords.isTerminal(before) && ExecutionRecords.isTerminal(state.getStatus())) {
            release(state, timestamp);
            if (before == ExecutionStatus.ACTIVE) {
                metrics.executionEnded(state.getForm(), state.getStatus(), between(state.getStartedAt(), state.getCompletedAt()));
            }
        }
    }

    /** The time between two of an execution's timestamps; never negative, though a worker's clock may run behind the platform's. */
    private static Duration between(final Instant from, final Instant to) {
        return from == null || to == null || to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    /** The execution no longer takes a place at its instance: out of the queue, or out of flight. */
    private void release(final ExecutionState state, final long timestamp) {
        final DispatchRequest release = DispatchRequest.newBuilder()
                .setInstance(state.getInstance()).setExecutionId(state.getExecutionId()).setAt(state.getUpdatedAt())
                .setRequest(new Release(state.getStatus()))
                .build();
        context.forward(new Record<>(state.getInstance(), (Object) release, timestamp), ProcessorNames.DISPATCH_REQUESTS_SINK);
    }

    private void deadLetter(final Record<String, Object> record, final Rejection rejection, final String reason) {
        final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        final byte[] value;
        if (record.value() instanceof WorkflowEvent event) {
            value = rawEvents.serialize(topic, event);
        } else if (record.value() instanceof ExecutionCommand command) {
            value = rawCommands.serialize(topic, command);
        } else {
            value = rawTransitions.serialize(topic, (ExecutionTransition) record.value());
        }
        final DeadLetter letter = DeadLetters.rejected(context.recordMetadata().orElse(null), record.timestamp(),
                ProcessorNames.EXECUTION_PROCESSOR, reason, record.key().getBytes(StandardCharsets.UTF_8), value);
        context.forward(new Record<>(record.key(), (Object) letter, record.timestamp()), ProcessorNames.DEAD_LETTERS_SINK);
        metrics.deadLetter(rejection.label());
    }

    private void updateIndex(final ExecutionState previous, final ExecutionState next) {
        if (previous == null) {
            for (String key : ExecutionIndexKeys.keysOf(next)) {
                index.put(key, next.getExecutionId());
            }
        } else if (previous.getStatus() != next.getStatus()) {
            index.delete(ExecutionIndexKeys.statusKey(previous, previous.getStatus()));
            index.put(ExecutionIndexKeys.statusKey(next, next.getStatus()), next.getExecutionId());
        }
    }

    private static ExecutionDispatched dispatchOf(final ExecutionRecord execution) {
        final ExecutionState state = execution.getState();
        return ExecutionDispatched.newBuilder()
                .setExecutionId(state.getExecutionId())
                .setJobId(state.getJobId())
                .setJobName(state.getJobName())
                .setAttempt(state.getAttempt())
                .setApplication(state.getApplication())
                .setInstance(state.getInstance())
                .setForm(state.getForm())
                .setInputs(execution.getInputs())
                .setFiles(execution.getFiles())
                .setPriority(state.getPriority())
                .setDispatchedAt(state.getReadyAt())
                .build();
    }
}
