package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.auth.Access;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ApiRequest;
import io.riberry.platform.http.ApiResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.processor.JobBounds;
import io.riberry.platform.processor.JobValidator;
import io.riberry.platform.query.Answers;
import io.riberry.platform.query.CatalogQueries;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.JobQueries;
import io.riberry.platform.query.StaleAnswers;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.FormRole;
import io.riberry.schema.InputFile;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.JobRecord;
import io.riberry.topics.RecordLimits;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /jobs}: validates against the catalog, so a bad job gets 400 with every reason at
 * once, then publishes it to the job inputs like any other producer would. The execution id is
 * known before the platform processes the job. {@code GET /jobs/{id}}: the job and its executions.
 */
public final class JobsApi {

    private static final Logger LOG = LoggerFactory.getLogger(JobsApi.class);

    private final CatalogQueries catalog;
    private final JobQueries jobs;
    private final ExecutionQueries executions;
    private final Producer<String, JobSubmitted> producer;
    private final String jobInputsTopic;
    private final Clock clock;

    public JobsApi(final CatalogQueries catalog, final JobQueries jobs, final ExecutionQueries executions,
                   final Producer<String, JobSubmitted> producer, final String jobInputsTopic, final Clock clock) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.executions = executions;
        this.producer = producer;
        this.jobInputsTopic = jobInputsTopic;
        this.clock = clock;
    }

    public ApiResponse submit(final ApiRequest request) {
        final JobSubmitted job = JobRequests.parse(request.jsonBody(), clock.instant());
        // Who submits is who authenticated, whatever the body says.
        job.setSubmittedBy(RecordLimits.truncate(request.access().principal().subject(), RecordLimits.MAX_NAME_CHARS));
        if (!request.access().canSeeForm(job.getForm())) {
            // A form the caller may not see is answered as one that does not exist.
            final String unknown = unknownForm(request.access(), job.getForm());
            throw new ApiException(400, "invalid_job", "the job is invalid: " + unknown, List.of(unknown));
        }
        Visibility.requireMayAct(request.access(), job.getForm(), FormRole.OPERATOR, "submit jobs of");
        if (job.getPriority() != JobRequests.DEFAULT_PRIORITY) {
            Visibility.requireMayAct(request.access(), job.getForm(), FormRole.MANAGER, "set the priority of jobs of");
        }
        final List<String> overLimits = JobBounds.violations(job);
        if (!overLimits.isEmpty()) {
            // Too large is final for this request, unlike a 503: the client must send less, not retry.
            throw new ApiException(JobBounds.isTooLarge(job) ? 413 : 400, JobBounds.isTooLarge(job) ? "too_large" : "invalid_job",
                    "the job is over the limits: " + String.join("; ", overLimits), overLimits);
        }
        final List<String> reasons = new ArrayList<>(JobValidator.validate(job, catalog.catalog()));
        // The validator knows no caller, so its reason stays short; the caller is told what it could have meant.
        reasons.replaceAll(reason -> reason.equals("unknown form " + RecordLimits.quote(job.getForm()))
                ? unknownForm(request.access(), job.getForm()) : reason);
        // The platform decides names for good; asking first turns the common clash into a 400 instead of a REJECTED job.
        holderOfName(job.getName()).filter(holder -> !holder.equals(job.getJobId()))
                .ifPresent(holder -> reasons.add(Visibility.canSeeJob(request.access(), jobs, holder)
                        ? JobValidator.nameTaken(job.getName(), holder)
                        : "job name " + RecordLimits.quote(job.getName()) + " is already used"));
        if (!reasons.isEmpty()) {
            throw new ApiException(400, "invalid_job", "the job is invalid: " + String.join("; ", reasons), reasons);
        }
        Publishing.await(producer.send(new ProducerRecord<>(jobInputsTopic, job.getJobId(), job)), "the job");
        return ApiResponse.json(202, Map.of("jobId", job.getJobId(), "executionId", ExecutionIds.of(job.getJobId(), 1)));
    }

    /**
     * "unknown form X; forms you may use: a, b; did you mean b?": only the forms {@code access} sees
     * are named, so the answer tells nobody about another team's forms.
     */
    private String unknownForm(final Access access, final String form) {
        final List<String> visible = catalog.catalog().all("form:", FormDefinition.class).stream().map(FormDefinition::getName)
                .filter(access::canSeeForm).sorted().toList();
        final StringBuilder text = new StringBuilder("unknown form ").append(RecordLimits.quote(form));
        if (visible.isEmpty()) {
            return text.append("; you may use no form").toString();
        }
        text.append("; forms you may use: ").append(String.join(", ", visible));
        closest(form, visible).ifPresent(name -> text.append("; did you mean ").append(name).append('?'));
        return text.toString();
    }

    /** The name nearest {@code given} when it is only a typo away: at most 1 edit, 2 for names of 6 characters or more. */
    static Optional<String> closest(final String given, final List<String> names) {
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        final int allowed = Math.max(1, Math.min(2, given.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            final int distance = editDistance(given.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (distance <= allowed && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(final String a, final String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** {@code GET /job-names/{name}}: which job holds a name, 404 when none does. */
    public ApiResponse byName(final ApiRequest request) {
        final String name = request.pathParam("name");
        final Answers<String> found = jobs.holderOf(name);
        final String jobId = found.get(name).filter(holder -> Visibility.canSeeJob(request.access(), jobs, holder))
                .orElseThrow(() -> ApiException.notFound("no job is named " + RecordLimits.quote(name)));
        return StaleAnswers.mark(ApiResponse.json(200, Map.of("name", name, "jobId", jobId)), found.possiblyStale());
    }

    /**
     * Who holds a name, if the stores can say so now. Submitting must not depend on queries: while
     * the stores rebalance the job is published unchecked, and intake rejects a clash.
     */
    private Optional<String> holderOfName(final String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return jobs.holderOf(name).get(name);
        } catch (ApiException | InvalidStateStoreException e) {
            LOG.debug("Cannot look job name {} up now ({}); intake will decide it", name, e.getMessage());
            return Optional.empty();
        }
    }

    public ApiResponse get(final ApiRequest request) {
        final String jobId = request.pathParam("jobId");
        final Answers<JobRecord> found = jobs.job(jobId);
        final JobRecord record = found.get(jobId).filter(job -> request.access().canSeeForm(job.getJob().getForm()))
                .orElseThrow(() -> ApiException.notFound("no job " + jobId));
        final Answers<ExecutionState> ofJob = executions.executions(record.getExecutionIds());
        return StaleAnswers.mark(ApiResponse.json(200, describe(record, ofJob)), found.possiblyStale() || ofJob.possiblyStale());
    }

    /** {@code GET /jobs/{jobId}/files/{name}}: an input file's bytes. */
    public ApiResponse file(final ApiRequest request) {
        final String jobId = request.pathParam("jobId");
        final String name = request.pathParam("name");
        final JobRecord record = jobs.job(jobId).get(jobId).filter(job -> request.access().canSeeForm(job.getJob().getForm()))
                .orElseThrow(() -> ApiException.notFound("no job " + jobId));
        final InputFile file = record.getJob().getFiles().stream().filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("job " + jobId + " has no file " + RecordLimits.quote(name)));
        final ByteBuffer content = file.getContent().duplicate();
        final byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        // Bytes a submitter chose, under a name they chose: never a page of ours (an HTML "report" would run with the reader's session).
        return ApiResponse.bytes(200, bytes, "application/octet-stream").asDownload(file.getFilename());
    }

    private static ObjectNode describe(final JobRecord record, final Answers<ExecutionState> executions) {
        final JobSubmitted job = record.getJob();
        final ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("jobId", job.getJobId());
        body.put("name", job.getName());
        body.put("form", job.getForm());
        body.put("application", record.getApplication());
        body.put("instance", record.getInstance());
        body.put("status", record.getStatus().name());
        body.set("reasons", AvroJson.value(record.getReasons()));
        body.set("inputs", AvroJson.value(job.getInputs()));
        final ArrayNode files = body.putArray("files");
        for (InputFile file : job.getFiles()) {
            files.addObject().put("name", file.getName()).put("filename", file.getFilename()).put("size", file.getSize())
                    .put("href", ApiRoutes.BASE_PATH + "/jobs/" + job.getJobId() + "/files/" + file.getName());
        }
        body.put("priority", job.getPriority());
        body.put("submittedBy", job.getSubmittedBy());
        body.put("submittedAt", job.getSubmittedAt().toString());
        body.put("receivedAt", record.getReceivedAt().toString());
        body.put("source", job.getSource());
        final ArrayNode list = body.putArray("executions");
        for (String executionId : record.getExecutionIds()) {
            // An execution not stored yet (its job was just decided) is listed by id alone.
            list.add(executions.get(executionId).<JsonNode>map(AvroJson::toJson)
                    .orElseGet(() -> Json.MAPPER.createObjectNode().put("executionId", executionId)));
        }
        return body;
    }
}
