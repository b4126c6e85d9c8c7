package io.riberry.platform.topology;

import io.riberry.registry.SchemaRegistryClient;
import io.riberry.schema.ArtifactChunk;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.DeadLetter;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionDispatched;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.Notification;
import io.riberry.schema.StreamState;
import io.riberry.schema.WorkflowEvent;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ArtifactStatus;
import io.riberry.schema.internal.DispatchRequest;
import io.riberry.schema.internal.ExecutionRecord;
import io.riberry.schema.internal.ExecutionTransition;
import io.riberry.schema.internal.InFlightExecution;
import io.riberry.schema.internal.JobRerun;
import io.riberry.schema.internal.JobScheduleRuns;
import io.riberry.schema.internal.WorkerProcessState;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.StepRecord;
import io.riberry.schema.ApiToken;
import io.riberry.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of every record type the platform reads, writes or stores, all against one registry. */
public record PlatformSerdes(
        Serde<String> key,
        Serde<CatalogEntry> catalogEntry,
        Serde<JobSubmitted> jobSubmitted,
        Serde<JobRecord> jobRecord,
        Serde<ExecutionTransition> executionTransition,
        Serde<DispatchRequest> dispatchRequest,
        Serde<InFlightExecution> inFlightExecution,
        Serde<JobScheduleRuns> jobScheduleRuns,
        Serde<JobRerun> jobRerun,
        Serde<WorkerProcessState> workerProcessState,
        Serde<ExecutionRecord> executionRecord,
        Serde<ExecutionState> executionState,
        Serde<ExecutionDispatched> executionDispatched,
        Serde<WorkflowEvent> workflowEvent,
        Serde<DeadLetter> deadLetter,
        Serde<StreamState> streamState,
        Serde<StepRecord> stepRecord,
        Serde<ArtifactChunk> artifactChunk,
        Serde<ArtifactManifest> artifactManifest,
        Serde<ArtifactStatus> artifactStatus,
        Serde<Notification> notification,
        Serde<Heartbeat> heartbeat,
        Serde<InstanceState> instanceState,
        Serde<InstanceParameters> instanceParameters,
        Serde<ExecutionCommand> executionCommand,
        Serde<ApiToken> apiToken) {

    public static PlatformSerdes using(final SchemaRegistryClient registry) {
        return new PlatformSerdes(
                Serdes.String(),
                AvroSerdes.serde(CatalogEntry.class, registry),
                AvroSerdes.serde(JobSubmitted.class, registry),
                AvroSerdes.serde(JobRecord.class, registry),
                AvroSerdes.serde(ExecutionTransition.class, registry),
                AvroSerdes.serde(DispatchRequest.class, registry),
                AvroSerdes.serde(InFlightExecution.class, registry),
                AvroSerdes.serde(JobScheduleRuns.class, registry),
                AvroSerdes.serde(JobRerun.class, registry),
                AvroSerdes.serde(WorkerProcessState.class, registry),
                AvroSerdes.serde(ExecutionRecord.class, registry),
                AvroSerdes.serde(ExecutionState.class, registry),
                AvroSerdes.serde(ExecutionDispatched.class, registry),
                AvroSerdes.serde(WorkflowEvent.class, registry),
                AvroSerdes.serde(DeadLetter.class, registry),
                AvroSerdes.serde(StreamState.class, registry),
                AvroSerdes.serde(StepRecord.class, registry),
                AvroSerdes.serde(ArtifactChunk.class, registry),
                AvroSerdes.serde(ArtifactManifest.class, registry),
                AvroSerdes.serde(ArtifactStatus.class, registry),
                AvroSerdes.serde(Notification.class, registry),
                AvroSerdes.serde(Heartbeat.class, registry),
                AvroSerdes.serde(InstanceState.class, registry),
                AvroSerdes.serde(InstanceParameters.class, registry),
                AvroSerdes.serde(ExecutionCommand.class, registry),
                AvroSerdes.serde(ApiToken.class, registry));
    }
}
