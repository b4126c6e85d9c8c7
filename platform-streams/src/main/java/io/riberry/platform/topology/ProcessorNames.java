package io.riberry.platform.topology;

/** Every node of the platform topology. Generated names would change with any refactor and orphan state. */
public final class ProcessorNames {

    public static final String CATALOG_SOURCE = "catalog-source";
    public static final String CATALOG_UPDATER = "catalog-updater";
    public static final String PRINCIPALS_SOURCE = "principals-source";
    public static final String PRINCIPALS_UPDATER = "principals-updater";

    public static final String JOB_INPUTS_SOURCE = "job-inputs-source";
    public static final String JOB_CLAIMS_SOURCE = "job-claims-source";
    /** Intake, keyed by job name: one node for jobs from the job inputs and the ones re-keyed to their name. */
    public static final String JOB_DECISIONS = "job-decisions";
    public static final String JOB_CLAIMS_SINK = "job-claims-sink";
    public static final String JOB_DECISIONS_SINK = "job-decisions-sink";
    public static final String JOB_DECISIONS_SOURCE = "job-decisions-source";
    public static final String JOB_STORE = "job-store";

    public static final String JOB_RERUNS_SOURCE = "job-reruns-source";
    public static final String JOB_RERUNS_SINK = "job-reruns-sink";

    public static final String DISPATCH_REQUESTS_SOURCE = "dispatch-requests-source";
    public static final String HEARTBEATS_SOURCE = "heartbeats-source";
    /** One node for heartbeats and dispatch requests, so one processor per task decides everything about its instances. */
    public static final String INSTANCE_PROCESSOR = "instance-processor";
    public static final String INSTANCES_SINK = "instances-sink";
    public static final String PARAMETERS_SINK = "parameters-sink";
    public static final String JOB_INPUTS_SINK = "job-inputs-sink";

    public static final String TRANSITIONS_SOURCE = "execution-transitions-source";
    public static final String COMMANDS_SOURCE = "commands-source";
    public static final String WORKER_EVENTS_SOURCE = "worker-events-source";
    /** One node for both of an execution's inputs, so one processor per task sees every change to its executions. */
    public static final String EXECUTION_PROCESSOR = "execution-processor";

    public static final String ARTIFACT_CHUNKS_SOURCE = "artifact-chunks-source";
    public static final String ARTIFACT_MANIFESTS_SOURCE = "artifact-manifests-source";
    public static final String ARTIFACT_CHUNK_PROCESSOR = "artifact-chunk-processor";
    public static final String ARTIFACT_MANIFEST_PROCESSOR = "artifact-manifest-processor";

    public static final String ARTIFACT_MANIFESTS_SINK = "artifact-manifests-sink";
    public static final String ARTIFACT_CHUNKS_SINK = "artifact-chunks-sink";
    public static final String NOTIFICATIONS_SINK = "notifications-sink";
    public static final String TRANSITIONS_SINK = "execution-transitions-sink";
    public static final String DISPATCH_REQUESTS_SINK = "dispatch-requests-sink";
    public static final String DISPATCH_SINK = "dispatch-sink";
    public static final String EXECUTIONS_SINK = "executions-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private ProcessorNames() {
    }
}
