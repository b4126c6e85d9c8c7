package io.riberry.platform.query;

import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.internal.JobRecord;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Jobs by id (each decision, accepted or rejected, with its executions) and which job holds a name. */
public final class JobQueries {

    private final QueryEngine engine;
    private final KeyedQuery<JobRecord> job;
    private final KeyedQuery<String> holderOfName;

    public JobQueries(final QueryEngine engine) {
        this.engine = engine;
        this.job = engine.register(new KeyedQuery<>("job", StoreNames.JOBS, Codec.avro(JobRecord.class),
                (stores, jobId) -> stores.<JobRecord>store(StoreNames.JOBS).get(jobId)));
        this.holderOfName = engine.register(new KeyedQuery<>("job-name", StoreNames.JOB_NAMES, Codec.text(),
                (stores, name) -> {
                    final ReadOnlyKeyValueStore<String, String> names = stores.store(StoreNames.JOB_NAMES);
                    return names.get(name);
                }));
    }

    public Answers<JobRecord> job(final String jobId) {
        return engine.get(job, jobId);
    }

    /** The id of the job that holds {@code name}, if one does. */
    public Answers<String> holderOf(final String name) {
        return engine.get(holderOfName, name);
    }
}
