package io.riberry.sdk;

import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.NotifyEvent;
import io.riberry.schema.NotifyKind;
import io.riberry.schema.ProgressReported;
import io.riberry.schema.StepEvent;
import io.riberry.schema.StreamEvent;
import io.riberry.schema.TaskStatus;
import io.riberry.schema.WorkflowEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import io.riberry.topics.RecordLimits;

/**
 * Reports one dispatched execution to the events and artifact-chunks topics. An artifact's content
 * goes as ordered chunks keyed by artifact id, then its description (size, chunk count, SHA-256)
 * as an event, so the platform can tell a complete artifact from one whose chunks never all
 * arrived. Memory stays bounded by the producer's buffer, whatever the size.
 */
final class KafkaReporter implements ExecutionReporter {

    private final KafkaSink sink;
    private final Job job;
    private final String instance;
    private final String processId;

    KafkaReporter(final KafkaSink sink, final Job job, final String instance, final String processId) {
        this.sink = sink;
        this.job = job;
        this.instance = instance;
        this.processId = processId;
    }

    @Override
    public void started() {
        send(new ExecutionStarted(processId));
        send(new NotifyEvent(NotifyKind.WORKFLOW_STARTED, null, null));
    }

    @Override
    public void succeeded() {
        send(new NotifyEvent(NotifyKind.WORKFLOW_COMPLETE, ExecutionStatus.SUCCESS, null));
        send(new ExecutionCompleted(ExecutionStatus.SUCCESS, null));
    }

    @Override
    public void failed(final Throwable failure) {
        send(new NotifyEvent(NotifyKind.WORKFLOW_COMPLETE, ExecutionStatus.FAILURE, null));
        // Bounded here, where it is written: a message quoting a whole HTTP body would make the record too large to store.
        send(new ExecutionCompleted(ExecutionStatus.FAILURE, new ExecutionError(failure.getClass().getName(),
                failure.getMessage() == null ? null : RecordLimits.truncate(failure.getMessage(), RecordLimits.MAX_MESSAGE_CHARS),
                RecordLimits.truncate(StackTraces.of(failure), RecordLimits.MAX_STACK_TRACE_CHARS))));
    }

    @Override
    public void stream(final String stream, final String category, final TaskState state, final Integer expectedTotal) {
        send(new StreamEvent(name(stream), name(category), TaskStatus.valueOf(state.name()),
                expectedTotal == null ? null : expectedTotal.longValue()));
    }

    @Override
    public void step(final String stream, final String stepId, final String name, final TaskState state, final boolean fallenBack) {
        send(new StepEvent(name(stream), stepId, name(name), TaskStatus.valueOf(state.name()), fallenBack));
    }

    @Override
    public void progress(final String message, final Integer percent) {
        send(new ProgressReported(message == null ? null : RecordLimits.truncate(message, RecordLimits.MAX_MESSAGE_CHARS), percent));
    }

    @Override
    public String artifact(final Artifact artifact, final InputStream content) throws IOException {
        final String artifactId = UUID.randomUUID().toString();
        final MessageDigest sha256 = sha256();
        long size = 0;
        int index = 0;
        while (true) {
            final byte[] chunk = content.readNBytes(KafkaSink.CHUNK_BYTES);
            if (chunk.length == 0) {
                break;
            }
            sha256.update(chunk);
            size += chunk.length;
            sink.chunk(new ArtifactChunk(artifactId, job.executionId(), index++, ByteBuffer.wrap(chunk)));
        }
        awaitChunks();
        send(ArtifactCreated.newBuilder()
                .setArtifactId(artifactId)
                .setName(artifact.name())
                .setType(io.riberry.schema.ArtifactType.valueOf(artifact.type().name()))
                .setCategory(artifact.category())
                .setFilename(artifact.filename())
                .setStream(artifact.stream())
                .setSize(size)
                .setChunkCount(index)
                .setSha256(HexFormat.of().formatHex(sha256.digest()))
                .setData(artifact.data())
                .build());
        return artifactId;
    }

    /** Chunks must be stored before the description that says how many there are, or the artifact would look incomplete. */
    private void awaitChunks() throws IOException {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            throw new IOException("Could not send the artifact's chunks: " + e.getMessage(), e);
        }
    }

    private void send(final Object payload) {
        sink.event(WorkflowEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setExecutionId(job.executionId())
                .setAttempt(job.attempt())
                .setInstance(instance)
                .setOccurredAt(Instant.now())
                .setPayload(payload)
                .build());
    }

    private static String name(final String name) {
        return name == null ? null : RecordLimits.truncate(name, RecordLimits.MAX_NAME_CHARS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
