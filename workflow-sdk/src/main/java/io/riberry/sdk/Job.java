package io.riberry.sdk;

import java.util.List;
import java.util.Map;

/** What a run knows of the execution it runs, whether it came from a dispatch or from a test. */
record Job(String executionId, String jobId, String jobName, String form, int attempt, Map<String, Object> inputs,
           List<InputFile> files) {
}
