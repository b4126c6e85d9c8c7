package io.riberry.platform.processor.execution;

import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.ProgressCounts;
import io.riberry.schema.internal.ExecutionRecord;
import java.time.Instant;
import java.util.List;

/** A valid job created the execution: RECEIVED. */
public record CreateExecutionChange(String executionId, JobSubmitted job, String application, String instance, Instant at)
        implements ExecutionChange {

    @Override
    public String changeId() {
        return "create:" + executionId;
    }

    @Override
    public String kind() {
        return "CreateExecution";
    }

    @Override
    public ChangeOutcome apply(final ExecutionRecord current) {
        if (current != null) {
            return ChangeOutcome.rejected(Rejection.DUPLICATE, "execution already exists");
        }
        final ExecutionState state = ExecutionState.newBuilder()
                .setExecutionId(executionId)
                .setJobId(job.getJobId())
                .setJobName(job.getName())
                .setApplication(application)
                .setInstance(instance)
                .setForm(job.getForm())
                .setStatus(ExecutionStatus.RECEIVED)
                .setPriority(job.getPriority())
                .setAttempt(0)
                .setCreatedAt(at)
                .setUpdatedAt(at)
                .setProgress(ProgressCounts.newBuilder().build())
                .setVersion(1)
                .build();
        return ChangeOutcome.applied(ExecutionRecord.newBuilder()
                .setState(state)
                .setInputs(job.getInputs())
                .setFiles(job.getFiles())
                .setRecentEventIds(List.of(changeId()))
                .build());
    }
}
