package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.ContentTypes;
import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import io.riberry.platform.http.Json;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.processor.JobBounds;
import io.riberry.platform.processor.JobValidator;
import io.riberry.platform.query.RemoteQueries;
import io.riberry.platform.query.StoreAccess;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.store.ExecutionIds;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.InputFile;
import io.riberry.schema.JobSubmitted;
import io.riberry.schema.internal.JobRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code POST /jobs}: validates against the catalog, so a bad job gets 400 with every reason at
 * once, then publishes it to the job inputs like any other producer would. The execution id is
 * known before the platform processes the job. {@code GET /jobs/{id}}: the job and its executions.
 */
public final class JobsApi {

    private static final Logger LOG = LoggerFactory.getLogger(JobsApi.class);

    private final StoreAccess stores;
    private final RemoteQueries remote;
    private final ExecutionsApi executions;
    private final Producer<String, JobSubmitted> producer;
    private final String jobInputsTopic;
    private final Clock clock;

    public JobsApi(final StoreAccess stores, final RemoteQueries remote, final ExecutionsApi executions,
                   final Producer<String, JobSubmitted> producer, final String jobInputsTopic, final Clock clock) {
        this.stores = stores;
        this.remote = remote;
        this.executions = executions;
        this.producer = producer;
        this.jobInputsTopic = jobInputsTopic;
        this.clock = clock;
    }

    public HttpResponse submit(final HttpRequest request) {
        final JobSubmitted job = JobRequests.parse(request.jsonBody(), clock.instant());
        final List<String> overLimits = JobBounds.violations(job);
        if (!overLimits.isEmpty()) {
            // Too large is final for this request, unlike a 503: the client must send less, not retry.
            throw new ApiException(JobBounds.isTooLarge(job) ? 413 : 400, JobBounds.isTooLarge(job) ? "too_large" : "invalid_job",
                    "the job is over the limits: " + String.join("; ", overLimits), overLimits);
        }
        final List<String> reasons = new ArrayList<>(JobValidator.validate(job, new CatalogView(stores.global(StoreNames.CATALOG))));
        // The platform decides names for good; asking first turns the common clash into a 400 instead of a REJECTED job.
        holderOfName(job.getName()).filter(holder -> !holder.equals(job.getJobId()))
                .ifPresent(holder -> reasons.add(JobValidator.nameTaken(job.getName(), holder)));
        if (!reasons.isEmpty()) {
            throw new ApiException(400, "invalid_job", "the job is invalid: " + String.join("; ", reasons), reasons);
        }
        Publishing.await(producer.send(new ProducerRecord<>(jobInputsTopic, job.getJobId(), job)), "the job");
        return HttpResponse.json(202, Map.of("jobId", job.getJobId(), "executionId", ExecutionIds.of(job.getJobId(), 1)));
    }

    /** {@code GET /job-names/{name}}: which job holds a name, 404 when none does. */
    public HttpResponse byName(final HttpRequest request) {
        final String name = request.pathParam("name");
        final HostInfo owner = stores.ownerOf(StoreNames.JOB_NAMES, name);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        final ReadOnlyKeyValueStore<String, String> names = stores.local(StoreNames.JOB_NAMES);
        final String jobId = names.get(name);
        if (jobId == null) {
            throw ApiException.notFound("no job is named " + name);
        }
        return HttpResponse.json(200, Map.of("name", name, "jobId", jobId));
    }

    /**
     * Who holds a name, if the store can say so now. Submitting must not depend on queries: while
     * the stores rebalance the job is published unchecked, and intake rejects a clash.
     */
    private Optional<String> holderOfName(final String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            final HostInfo owner = stores.ownerOf(StoreNames.JOB_NAMES, name);
            if (!stores.isSelf(owner)) {
                final JsonNode remoteAnswer = remote.getJson(owner, "/job-names/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
                return remoteAnswer == null ? Optional.empty() : Optional.of(remoteAnswer.path("jobId").asText());
            }
            final ReadOnlyKeyValueStore<String, String> names = stores.local(StoreNames.JOB_NAMES);
            return Optional.ofNullable(names.get(name));
        } catch (ApiException | InvalidStateStoreException e) {
            LOG.debug("Cannot look job name {} up now ({}); intake will decide it", name, e.getMessage());
            return Optional.empty();
        }
    }

    public HttpResponse get(final HttpRequest request) {
        final String jobId = request.pathParam("jobId");
        final HostInfo owner = stores.ownerOf(StoreNames.JOBS, jobId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        return HttpResponse.json(200, describe(localJob(jobId)));
    }

    /** A job held by this instance (its owner), or 404. */
    JobRecord localJob(final String jobId) {
        final ReadOnlyKeyValueStore<String, JobRecord> jobs = stores.local(StoreNames.JOBS);
        final JobRecord record = jobs.get(jobId);
        if (record == null) {
            throw ApiException.notFound("no job " + jobId);
        }
        return record;
    }

    /** {@code GET /jobs/{jobId}/files/{name}}: an input file's bytes. */
    public HttpResponse file(final HttpRequest request) {
        final String jobId = request.pathParam("jobId");
        final HostInfo owner = stores.ownerOf(StoreNames.JOBS, jobId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        final JobRecord record = localJob(jobId);
        final InputFile file = record.getJob().getFiles().stream().filter(f -> f.getName().equals(request.pathParam("name")))
                .findFirst().orElseThrow(() -> ApiException.notFound("job " + jobId + " has no file " + request.pathParam("name")));
        final java.nio.ByteBuffer content = file.getContent().duplicate();
        final byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        return HttpResponse.bytes(200, bytes, ContentTypes.ofFilename(file.getFilename()));
    }

    private ObjectNode describe(final JobRecord record) {
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
                    .put("href", "/api/v1/jobs/" + job.getJobId() + "/files/" + file.getName());
        }
        body.put("priority", job.getPriority());
        body.put("submittedBy", job.getSubmittedBy());
        body.put("submittedAt", job.getSubmittedAt().toString());
        body.put("receivedAt", record.getReceivedAt().toString());
        body.put("source", job.getSource());
        final ArrayNode list = body.putArray("executions");
        for (String executionId : record.getExecutionIds()) {
            list.add(executions.executionJson(executionId)
                    .orElseGet(() -> Json.MAPPER.createObjectNode().put("executionId", executionId)));
        }
        return body;
    }
}
