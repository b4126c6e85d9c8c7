package io.riberry.topics;

import java.util.List;

/**
 * The names of Riberry's topics under a prefix (default {@code riberry.}). Names are part of the
 * public contract: renaming one is a migration.
 */
public record RiberryTopics(String prefix) {

    public static final String DEFAULT_PREFIX = "riberry.";

    public static RiberryTopics withDefaultPrefix() {
        return new RiberryTopics(DEFAULT_PREFIX);
    }

    public String catalog() {
        return prefix + "catalog";
    }

    public String jobInputs() {
        return prefix + "job-inputs";
    }

    public String commands() {
        return prefix + "commands";
    }

    /** Each instance has its own dispatch topic, so a dispatch reaches only that instance's processes. */
    public String dispatch(final String instance) {
        return prefix + "dispatch." + instance;
    }

    public String events() {
        return prefix + "events";
    }

    public String artifactChunks() {
        return prefix + "artifact-chunks";
    }

    public String heartbeats() {
        return prefix + "heartbeats";
    }

    public String executions() {
        return prefix + "executions";
    }

    public String instances() {
        return prefix + "instances";
    }

    public String parameters() {
        return prefix + "parameters";
    }

    public String notifications() {
        return prefix + "notifications";
    }

    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /** API tokens, keyed by token id, as hashes only; a null value revokes one. */
    public String principals() {
        return prefix + "principals";
    }

    /** Platform-internal: changes of an execution decided by intake and dispatch, keyed by execution id. */
    public String executionTransitions() {
        return prefix + "internal.execution-transitions";
    }

    /** Platform-internal: the dispatcher's input, keyed by instance. */
    public String dispatchRequests() {
        return prefix + "internal.dispatch-requests";
    }

    /** Platform-internal: artifact manifests sent from the execution side to the chunk side, keyed by artifact id. */
    public String artifactManifests() {
        return prefix + "internal.artifact-manifests";
    }

    /** Platform-internal: submitted jobs re-keyed by job name, where names are claimed. */
    public String jobClaims() {
        return prefix + "internal.job-claims";
    }

    /** Platform-internal: the decision on each job (accepted or rejected with reasons), keyed by job id. */
    public String jobDecisions() {
        return prefix + "internal.job-decisions";
    }

    /** Platform-internal: re-runs sent from the execution side to the job's intake, keyed by job id. */
    public String jobReruns() {
        return prefix + "internal.job-reruns";
    }

    /** Topics that are compacted: the latest value per key is the truth. */
    public List<String> compacted() {
        return List.of(catalog(), executions(), instances(), parameters(), principals());
    }

    /** Every topic that does not depend on the catalog's instances. */
    public List<String> all() {
        return List.of(catalog(), jobInputs(), commands(), events(), artifactChunks(), heartbeats(), executions(),
                instances(), parameters(), notifications(), deadLetters(), principals(), executionTransitions(), dispatchRequests(), artifactManifests(),
                jobClaims(), jobDecisions(), jobReruns());
    }
}
