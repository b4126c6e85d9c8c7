package io.riberry.platform.processor;

import io.riberry.platform.errors.RecordRejectedException;
import io.riberry.schema.JobSubmitted;
import io.riberry.topics.RecordLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The limits a job must keep before it is decided (see {@link RecordLimits}). A job over them is
 * rejected with the reasons, and what is stored of it is cut down: its inputs and files dropped,
 * its name cut, so that its decision, like every record the platform writes, fits its topic.
 */
public final class JobBounds {

    private JobBounds() {
    }

    /** A job id is a record key everywhere; one that cannot be is not a job the platform can answer for. */
    static void requireUsableId(final JobSubmitted job) {
        final String jobId = job.getJobId();
        if (jobId == null || jobId.isBlank()) {
            throw new RecordRejectedException("a job needs a jobId");
        }
        if (jobId.length() > RecordLimits.MAX_ID_CHARS) {
            throw new RecordRejectedException("jobId is " + jobId.length() + " characters; the limit is " + RecordLimits.MAX_ID_CHARS);
        }
    }

    /** Whether the job's inputs and files alone are over {@link RecordLimits#MAX_JOB_BYTES}. */
    public static boolean isTooLarge(final JobSubmitted job) {
        return RecordLimits.jobBytes(job) > RecordLimits.MAX_JOB_BYTES;
    }

    /** Every limit the job breaks, or none. */
    public static List<String> violations(final JobSubmitted job) {
        final List<String> reasons = new ArrayList<>();
        tooLong("job name", job.getName(), reasons);
        tooLong("form name", job.getForm(), reasons);
        for (String input : job.getInputs().keySet()) {
            tooLong("input name", input, reasons);
        }
        final long bytes = RecordLimits.jobBytes(job);
        if (bytes > RecordLimits.MAX_JOB_BYTES) {
            reasons.add("the job's inputs and files take " + bytes + " bytes; the limit is " + RecordLimits.MAX_JOB_BYTES);
        }
        return reasons;
    }

    /** What is kept of a job that breaks a limit: enough to find it and read why it was refused. */
    static JobSubmitted cutDown(final JobSubmitted job) {
        return JobSubmitted.newBuilder(job)
                .setName(RecordLimits.truncate(job.getName(), RecordLimits.MAX_NAME_CHARS))
                .setForm(RecordLimits.truncate(job.getForm(), RecordLimits.MAX_NAME_CHARS))
                .setSubmittedBy(RecordLimits.truncate(job.getSubmittedBy(), RecordLimits.MAX_NAME_CHARS))
                .setSource(RecordLimits.truncate(job.getSource(), RecordLimits.MAX_NAME_CHARS))
                .setInputs(Map.of())
                .setFiles(List.of())
                .build();
    }

    private static void tooLong(final String what, final String value, final List<String> reasons) {
        if (value != null && value.length() > RecordLimits.MAX_NAME_CHARS) {
            reasons.add(what + " " + RecordLimits.quote(value) + " is over the limit of " + RecordLimits.MAX_NAME_CHARS + " characters");
        }
    }
}
