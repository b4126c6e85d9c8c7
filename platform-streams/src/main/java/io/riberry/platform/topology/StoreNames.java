package io.riberry.platform.topology;

/** Every state store's name. A store's name is its changelog topic's name: renaming one is a migration. */
public final class StoreNames {

    /** Global: catalog entries by entity id (application:NAME, instance:NAME, form:NAME, ...). */
    public static final String CATALOG = "catalog";
    /** Global: API tokens by token id (hashes only), so every replica authenticates every token. */
    public static final String PRINCIPALS = "principals";
    /** Job names by name -> the id of the job holding it: names are unique. */
    public static final String JOB_NAMES = "job-names";
    /** Rejected jobs, {@code name NUL jobId} -> "", so a replay of one is not decided again. */
    public static final String REJECTED_JOBS = "rejected-jobs";
    /** Jobs by job id: ACCEPTED or REJECTED with reasons. */
    public static final String JOBS = "jobs";
    /** Executions by execution id. */
    public static final String EXECUTIONS = "executions";
    /** Streams of executions: {@code executionId NUL stream} -> StreamState. */
    public static final String EXECUTION_STREAMS = "execution-streams";
    /** Steps of executions' streams: {@code executionId NUL stream NUL step} -> StepRecord. */
    public static final String EXECUTION_STEPS = "execution-steps";
    /** Artifacts of executions, execution side: {@code executionId NUL artifactId} -> ArtifactManifest. */
    public static final String EXECUTION_ARTIFACTS = "execution-artifacts";
    /** Chunk side: artifact id -> ArtifactStatus (manifest and what arrived). */
    public static final String ARTIFACTS = "artifacts";
    /** Chunk side: {@code artifactId NUL index} -> the chunk's bytes. */
    public static final String ARTIFACT_CHUNKS = "artifact-chunks";
    /** Listing index of executions: see {@link io.riberry.platform.store.ExecutionIndexKeys}. */
    public static final String EXECUTION_INDEX = "execution-index";
    /** Executions per form and status in the task: see {@link io.riberry.platform.store.ExecutionCountKeys}. */
    public static final String EXECUTION_COUNTS = "execution-counts";
    /** Instances: instance -> InstanceState (status, latest heartbeat, READY/ACTIVE/queued counts). */
    public static final String INSTANCE_STATUS = "instance-status";
    /** Worker processes of instances: {@code instance NUL processId} -> WorkerProcessState (latest heartbeat, closing or not, forms, host, pid, start). */
    public static final String INSTANCE_PROCESSES = "instance-processes";
    /** Active dynamic parameters: instance -> InstanceParameters. */
    public static final String INSTANCE_PARAMETERS = "instance-parameters";
    /** Executions handed to an instance and not finished: {@code instance NUL executionId} -> InFlightExecution. */
    public static final String IN_FLIGHT = "in-flight";
    /** RECEIVED executions waiting for their instance, in dispatch order, -> their form: see {@link io.riberry.platform.store.DispatchQueueKeys}. */
    public static final String DISPATCH_QUEUE = "dispatch-queue";
    /** Cron job schedules' runs: schedule name -> JobScheduleRuns, in the task of the schedule's instance. */
    public static final String JOB_SCHEDULE_RUNS = "job-schedule-runs";

    private StoreNames() {
    }
}
