package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.query.Answers;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.JobQueries;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.FormRole;
import io.riberry.schema.internal.JobRecord;
import io.riberry.schema.internal.JobStatus;
import io.riberry.topics.RecordLimits;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The commands a user sends about executions, as records on the commands topic.
 *
 * <p>{@code POST /executions/{id}/cancel}: a live execution is cancelled by a command on the
 * commands topic, applied by the execution processor (FAILURE, with an artifact naming who
 * cancelled and why) and seen by its worker, whose remaining tasks then do not run. A finished
 * execution answers 409 and nothing changes.
 *
 * <p>{@code POST /jobs/{jobId}/executions}: a re-run, a new execution of the job, created by the
 * job's intake; the RERUN command names the job's latest execution, and the new execution's id
 * derives from the command's id, so it is answered at once.
 */
public final class CommandsApi {

    private final ExecutionQueries executions;
    private final JobQueries jobs;
    private final Producer<String, ExecutionCommand> producer;
    private final String commandsTopic;
    private final Clock clock;

    public CommandsApi(final ExecutionQueries executions, final JobQueries jobs,
                       final Producer<String, ExecutionCommand> producer, final String commandsTopic, final Clock clock) {
        this.executions = executions;
        this.jobs = jobs;
        this.producer = producer;
        this.commandsTopic = commandsTopic;
        this.clock = clock;
    }

    public ApiResponse cancel(final ApiRequest request) {
        final String executionId = request.pathParam("id");
        // Asked of the owner, never of a standby: a stale copy could call a finished execution live.
        final Answers<ExecutionState> found = executions.execution(executionId);
        if (found.possiblyStale()) {
            throw ApiException.unavailable("the replica that owns execution " + executionId + " does not answer; retry shortly");
        }
        final ExecutionState execution = found.get(executionId).filter(e -> request.access().canSeeForm(e.getForm()))
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId));
        Visibility.requireMayAct(request.access(), execution.getForm(), FormRole.OPERATOR, "cancel executions of");
        if (execution.getStatus() == ExecutionStatus.SUCCESS || execution.getStatus() == ExecutionStatus.FAILURE) {
            throw new ApiException(409, "conflict", "execution " + executionId + " already ended " + execution.getStatus());
        }
        final JsonNode body = request.body().length == 0 ? Json.MAPPER.createObjectNode() : request.jsonBody();
        final ExecutionCommand command = ExecutionCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setExecutionId(executionId)
                .setType(ExecutionCommandType.CANCEL)
                .setRequestedBy(requester(request))
                .setReason(body.hasNonNull("reason") ? RecordLimits.truncate(body.get("reason").asText(), RecordLimits.MAX_MESSAGE_CHARS) : null)
                .setRequestedAt(clock.instant())
                .build();
        Publishing.await(producer.send(new ProducerRecord<>(commandsTopic, executionId, command)), "the cancel");
        return ApiResponse.json(202, Map.of("executionId", executionId, "commandId", command.getCommandId()));
    }

    /** Who asks is who authenticated; a {@code requestedBy} in the body is ignored. */
    private static String requester(final ApiRequest request) {
        return RecordLimits.truncate(request.access().principal().subject(), RecordLimits.MAX_NAME_CHARS);
    }

    public ApiResponse rerun(final ApiRequest request) {
        final String jobId = request.pathParam("jobId");
        final JobRecord job = jobs.job(jobId).get(jobId).filter(j -> request.access().canSeeForm(j.getJob().getForm()))
                .orElseThrow(() -> ApiException.notFound("no job " + jobId));
        Visibility.requireMayAct(request.access(), job.getJob().getForm(), FormRole.OPERATOR, "re-run jobs of");
        if (job.getStatus() != JobStatus.ACCEPTED || job.getExecutionIds().isEmpty()) {
            throw new ApiException(409, "conflict", "job " + jobId + " was rejected; it has nothing to re-run");
        }
        final String latest = job.getExecutionIds().get(job.getExecutionIds().size() - 1);
        final ExecutionCommand command = ExecutionCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setExecutionId(latest)
                .setType(ExecutionCommandType.RERUN)
                .setRequestedBy(requester(request))
                .setRequestedAt(clock.instant())
                .build();
        Publishing.await(producer.send(new ProducerRecord<>(commandsTopic, latest, command)), "the re-run");
        return ApiResponse.json(202, Map.of("jobId", jobId, "executionId", ExecutionIds.ofRerun(command.getCommandId()),
                "rerunOf", latest));
    }
}
