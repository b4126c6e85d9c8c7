package io.riberry.sdk;

import io.riberry.schema.ExecutionDispatched;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run knows of the execution it runs, whether it came from a dispatch or from a test. */
record Job(String executionId, String jobId, String jobName, String form, int attempt, Map<String, Object> inputs,
           List<InputFile> files) {

    /** The job of a dispatch: its inputs without the Avro types (lists of text as such), its files as views of their bytes. */
    static Job of(final ExecutionDispatched dispatch) {
        final List<InputFile> files = dispatch.getFiles().stream()
                .map(file -> new InputFile(file.getName(), file.getFilename(), file.getContent())).toList();
        // Avro maps may hold nulls (an input given without value): leave those out, as absent.
        final Map<String, Object> inputs = new LinkedHashMap<>();
        dispatch.getInputs().forEach((name, value) -> {
            if (value != null) {
                inputs.put(name, value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : value);
            }
        });
        return new Job(dispatch.getExecutionId(), dispatch.getJobId(), dispatch.getJobName(), dispatch.getForm(), dispatch.getAttempt(),
                Collections.unmodifiableMap(inputs), files);
    }
}
