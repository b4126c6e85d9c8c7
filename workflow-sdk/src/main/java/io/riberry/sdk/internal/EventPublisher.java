package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.ArtifactCreated;
import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionDispatched;
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
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a worker's events about its executions, keyed by execution id so the platform sees them in order. */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaProducer<String, WorkflowEvent> producer;
    private final String topic;
    private final String instance;
    private final String processId;

    public EventPublisher(final KafkaConnection kafka, final String registryUrl, final String topic, final String instance,
                          final String processId) {
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1)),
                new StringSerializer(), AvroSerdes.serde(WorkflowEvent.class, registryUrl).serializer());
        this.topic = topic;
        this.instance = instance;
        this.processId = processId;
    }

    public void started(final ExecutionDispatched dispatch) {
        send(dispatch, new ExecutionStarted(processId));
    }

    public void succeeded(final ExecutionDispatched dispatch) {
        send(dispatch, new ExecutionCompleted(ExecutionStatus.SUCCESS, null));
    }

    public void failed(final ExecutionDispatched dispatch, final Throwable failure) {
        send(dispatch, new ExecutionCompleted(ExecutionStatus.FAILURE,
                new ExecutionError(failure.getClass().getName(), failure.getMessage(), StackTraces.of(failure))));
    }

    public void stream(final ExecutionDispatched dispatch, final String stream, final String category, final TaskStatus status) {
        send(dispatch, new StreamEvent(stream, category, status));
    }

    public void step(final ExecutionDispatched dispatch, final String stream, final String step, final String name, final TaskStatus status) {
        send(dispatch, new StepEvent(stream, step, name, status));
    }

    public void notify(final ExecutionDispatched dispatch, final NotifyKind kind, final ExecutionStatus status) {
        send(dispatch, new NotifyEvent(kind, status, null));
    }

    public void artifact(final ExecutionDispatched dispatch, final ArtifactCreated artifact) {
        send(dispatch, artifact);
    }

    public void progress(final ExecutionDispatched dispatch, final String message, final Integer percent) {
        send(dispatch, new ProgressReported(message, percent));
    }

    private void send(final ExecutionDispatched dispatch, final Object payload) {
        final WorkflowEvent event = WorkflowEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setExecutionId(dispatch.getExecutionId())
                .setAttempt(dispatch.getAttempt())
                .setInstance(instance)
                .setOccurredAt(Instant.now())
                .setPayload(payload)
                .build();
        producer.send(new ProducerRecord<>(topic, dispatch.getExecutionId(), event), (metadata, error) -> {
            if (error != null) {
                LOG.error("Could not report {} for execution {}", payload.getClass().getSimpleName(), dispatch.getExecutionId(), error);
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
