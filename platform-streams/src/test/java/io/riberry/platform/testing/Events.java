package io.riberry.platform.testing;

import io.riberry.schema.ExecutionCompleted;
import io.riberry.schema.ExecutionError;
import io.riberry.schema.ExecutionStarted;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.Heartbeat;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.WorkflowEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the records tests feed the platform. */
public final class Events {

    /** The worker process the test events come from; the driver's heartbeats are its. */
    public static final String PROCESS = "p-1";

    private Events() {
    }

    public static JobSubmitted job(final String jobId, final String form, final Map<String, Object> inputs) {
        return JobSubmitted.newBuilder().setJobId(jobId).setForm(form).setName("job-" + jobId).setInputs(inputs)
                .setSubmittedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    public static WorkflowEvent started(final String executionId, final int attempt, final Instant at) {
        return event(executionId, attempt, Catalogs.INSTANCE, at, new ExecutionStarted(PROCESS));
    }

    public static WorkflowEvent succeeded(final String executionId, final int attempt, final Instant at) {
        return event(executionId, attempt, Catalogs.INSTANCE, at, new ExecutionCompleted(ExecutionStatus.SUCCESS, null));
    }

    public static WorkflowEvent failed(final String executionId, final int attempt, final Instant at, final String message) {
        return event(executionId, attempt, Catalogs.INSTANCE, at, new ExecutionCompleted(ExecutionStatus.FAILURE,
                new ExecutionError("java.lang.IllegalStateException", message, "java.lang.IllegalStateException: " + message + "\n\tat demo.Fail.run(Fail.java:1)")));
    }

    /** A heartbeat of a process of the demo instance, saying which forms it serves and whether it is closing. */
    public static Heartbeat heartbeat(final String processId, final Instant sentAt, final List<String> forms, final boolean stopping) {
        return Heartbeat.newBuilder().setInstance(Catalogs.INSTANCE).setApplication(Catalogs.APPLICATION).setProcessId(processId)
                .setSentAt(sentAt).setForms(forms).setStopping(stopping).setHost("test-host").setPid(4242L)
                .setStartedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    public static WorkflowEvent event(final String executionId, final int attempt, final String instance, final Instant at, final Object payload) {
        return WorkflowEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setExecutionId(executionId)
                .setAttempt(attempt).setInstance(instance).setOccurredAt(at).setPayload(payload).build();
    }
}
