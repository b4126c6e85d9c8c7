package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.Json;
import io.riberry.platform.processor.execution.ExecutionProgress;
import io.riberry.platform.store.ArtifactKeys;
import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.platform.store.ProgressKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.StreamState;
import io.riberry.schema.internal.ArtifactManifest;
import io.riberry.schema.internal.ExecutionRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Executions as the stores keep them, from whichever replica holds them: one execution with its
 * progress derived from its streams as of now, its streams, its artifacts' metadata, and pages of
 * the listing (newest first) gathered from every replica.
 */
public final class ExecutionQueries {

    private static final StringSerializer KEYS = new StringSerializer();
    /** The largest page a replica reads for a listing. */
    public static final int MAX_PAGE = 1000;
    /** Index order: newest first, then by id, the order the index keys sort in. */
    private static final Comparator<ExecutionState> NEWEST_FIRST = Comparator
            .comparing(ExecutionState::getCreatedAt, Comparator.reverseOrder()).thenComparing(ExecutionState::getExecutionId);

    /** A page of the listing and the index key to continue after, if there is more. */
    public record Page(List<ExecutionState> items, boolean more) {
    }

    private final QueryEngine engine;
    private final KeyedQuery<ExecutionState> execution;
    private final KeyedQuery<List<StreamState>> streams;
    private final KeyedQuery<List<ArtifactManifest>> artifacts;
    private final ScatterQuery<Page> page;

    public ExecutionQueries(final QueryEngine engine) {
        this.engine = engine;
        this.execution = engine.register(new KeyedQuery<>("execution", StoreNames.EXECUTIONS, Codec.avro(ExecutionState.class),
                ExecutionQueries::findExecution));
        this.streams = engine.register(new KeyedQuery<>("execution-streams", StoreNames.EXECUTIONS, Codec.list(Codec.avro(StreamState.class)),
                ExecutionQueries::findStreams));
        this.artifacts = engine.register(new KeyedQuery<>("execution-artifacts", StoreNames.EXECUTIONS,
                Codec.list(Codec.avro(ArtifactManifest.class)), ExecutionQueries::findArtifacts));
        this.page = engine.register(new ScatterQuery<>("execution-page", StoreNames.EXECUTION_INDEX, pageCodec(), ExecutionQueries::readPage));
    }

    public Answers<ExecutionState> execution(final String executionId) {
        return engine.get(execution, executionId);
    }

    /** Several executions at once: one call per replica that holds any of them. */
    public Answers<ExecutionState> executions(final Collection<String> executionIds) {
        return engine.get(execution, executionIds);
    }

    /** The execution's streams in the order they appeared; absent when the execution is. */
    public Answers<List<StreamState>> streams(final String executionId) {
        return engine.get(streams, executionId);
    }

    /** The execution's artifacts' metadata, oldest first; absent when the execution is. */
    public Answers<List<ArtifactManifest>> artifacts(final String executionId) {
        return engine.get(artifacts, executionId);
    }

    /** The next {@code limit} executions matching {@code filters} after the index key {@code after}, newest first. */
    public Answers.Gathered<Page> page(final ExecutionFilters filters, final Optional<String> after, final int limit) {
        final ObjectNode arguments = Json.MAPPER.createObjectNode()
                .put("application", filters.application()).put("instance", filters.instance()).put("form", filters.form())
                .put("status", filters.status() == null ? null : filters.status().name())
                .put("after", after.orElse(null)).put("limit", limit);
        if (filters.visibleForms() != null) {
            final com.fasterxml.jackson.databind.node.ArrayNode forms = arguments.putArray("visibleForms");
            filters.visibleForms().forEach(forms::add);
        }
        return engine.everywhere(page, arguments);
    }

    /** The parts of every replica as one page: newest first, at most {@code limit}. */
    public static Page merge(final List<Page> parts, final int limit) {
        final Map<String, ExecutionState> unique = new LinkedHashMap<>();
        boolean more = false;
        for (Page part : parts) {
            // A standby read may repeat what an active one gave.
            part.items().forEach(item -> unique.putIfAbsent(item.getExecutionId(), item));
            more |= part.more();
        }
        final List<ExecutionState> all = new ArrayList<>(unique.values());
        all.sort(NEWEST_FIRST);
        if (all.size() > limit) {
            more = true;
        }
        return new Page(List.copyOf(all.subList(0, Math.min(limit, all.size()))), more);
    }

    private static ExecutionState findExecution(final StoreAccess.LocalStores stores, final String executionId) {
        final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = stores.store(StoreNames.EXECUTIONS);
        final ExecutionRecord record = executions.get(executionId);
        return record == null ? null : withCurrentProgress(stores, record);
    }

    private static ExecutionState withCurrentProgress(final StoreAccess.LocalStores stores, final ExecutionRecord record) {
        return withCurrentProgress(stores.<StreamState>store(StoreNames.EXECUTION_STREAMS), record);
    }

    private static ExecutionState withCurrentProgress(final ReadOnlyKeyValueStore<String, StreamState> streams, final ExecutionRecord record) {
        final ExecutionState state = record.getState();
        state.setProgress(ExecutionProgress.of(streams, state.getExecutionId(), state.getStartedAt(), record.getReportedPercent()));
        return state;
    }

    private static List<StreamState> findStreams(final StoreAccess.LocalStores stores, final String executionId) {
        final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = stores.store(StoreNames.EXECUTIONS);
        if (executions.get(executionId) == null) {
            return null;
        }
        final ReadOnlyKeyValueStore<String, StreamState> streams = stores.store(StoreNames.EXECUTION_STREAMS);
        final List<StreamState> found = new ArrayList<>();
        try (KeyValueIterator<String, StreamState> it = streams.prefixScan(ProgressKeys.executionPrefix(executionId), KEYS)) {
            it.forEachRemaining(entry -> found.add(entry.value));
        }
        found.sort(Comparator.comparingInt(StreamState::getPosition).thenComparing(StreamState::getCreatedAt)
                .thenComparing(StreamState::getStream));
        return found;
    }

    private static List<ArtifactManifest> findArtifacts(final StoreAccess.LocalStores stores, final String executionId) {
        final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = stores.store(StoreNames.EXECUTIONS);
        if (executions.get(executionId) == null) {
            return null;
        }
        final ReadOnlyKeyValueStore<String, ArtifactManifest> artifacts = stores.store(StoreNames.EXECUTION_ARTIFACTS);
        final List<ArtifactManifest> manifests = new ArrayList<>();
        try (KeyValueIterator<String, ArtifactManifest> it = artifacts.prefixScan(ArtifactKeys.executionPrefix(executionId), KEYS)) {
            it.forEachRemaining(entry -> manifests.add(entry.value));
        }
        manifests.sort(Comparator.comparing(ArtifactManifest::getCreatedAt).thenComparing(ArtifactManifest::getArtifactId));
        return manifests;
    }

    /** This replica's part of a page: each partition's next matching executions after the cursor, merged. */
    private static Page readPage(final StoreAccess.LocalStores stores, final JsonNode arguments, final Set<Integer> standingIn) {
        Set<String> visibleForms = null;
        if (arguments.has("visibleForms")) {
            visibleForms = new java.util.HashSet<>();
            for (JsonNode form : arguments.path("visibleForms")) {
                visibleForms.add(form.asText());
            }
        }
        final ExecutionFilters filters = new ExecutionFilters(text(arguments, "application"), text(arguments, "instance"),
                text(arguments, "form"), Optional.ofNullable(text(arguments, "status")).map(ExecutionStatus::valueOf).orElse(null),
                visibleForms);
        final String after = text(arguments, "after");
        // The internal path is reachable by anyone who reaches the port: a page is never larger than the API's.
        final int limit = Math.max(1, Math.min(arguments.path("limit").asInt(1), MAX_PAGE));
        // Each partition's next matching executions, read in that partition's own stores, merged; only those that
        // make the page get their progress computed (a scan of their streams), not every partition's candidates.
        final List<Candidate> candidates = new ArrayList<>();
        boolean more = false;
        // The cursor is a key under the filter's own prefix; what follows the prefix (time, id) sorts
        // the same under every prefix, so it positions a scan of each visible form's keys too.
        final String afterSuffix = after == null ? null : after.substring(Math.min(after.length(), filters.indexPrefix().length()));
        for (StoreAccess.LocalStores.Partition partition : stores.partitions(StoreNames.EXECUTION_INDEX, standingIn)) {
            final ReadOnlyKeyValueStore<String, String> index = partition.store(StoreNames.EXECUTION_INDEX);
            final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = partition.store(StoreNames.EXECUTIONS);
            final ReadOnlyKeyValueStore<String, StreamState> streams = partition.store(StoreNames.EXECUTION_STREAMS);
            for (String prefix : filters.scanPrefixes()) {
                more |= readPartition(index, executions, filters, prefix, afterSuffix, limit, record -> candidates.add(new Candidate(record, streams)));
            }
        }
        final Map<String, Candidate> unique = new LinkedHashMap<>();
        candidates.forEach(candidate -> unique.putIfAbsent(candidate.record().getState().getExecutionId(), candidate));
        final List<Candidate> newestFirst = new ArrayList<>(unique.values());
        newestFirst.sort(Comparator.comparing(candidate -> candidate.record().getState(), NEWEST_FIRST));
        more |= newestFirst.size() > limit;
        final List<ExecutionState> page = new ArrayList<>();
        for (Candidate candidate : newestFirst.subList(0, Math.min(limit, newestFirst.size()))) {
            page.add(withCurrentProgress(candidate.streams(), candidate.record()));
        }
        return new Page(page, more);
    }

    /** An execution that may make the page, with the streams store of its partition. */
    private record Candidate(ExecutionRecord record, ReadOnlyKeyValueStore<String, StreamState> streams) {
    }

    /** Adds one partition's next {@code limit} matching executions after the cursor to {@code found}; answers whether it has more. */
    private static boolean readPartition(final ReadOnlyKeyValueStore<String, String> index,
                                         final ReadOnlyKeyValueStore<String, ExecutionRecord> executions, final ExecutionFilters filters,
                                         final String prefix, final String afterSuffix, final int limit,
                                         final Consumer<ExecutionRecord> found) {
        final String from = afterSuffix == null ? prefix : prefix + afterSuffix + '\u0000';
        int taken = 0;
        try (KeyValueIterator<String, String> keys = index.range(from, ExecutionIndexKeys.endOf(prefix))) {
            while (keys.hasNext()) {
                final KeyValue<String, String> next = keys.next();
                final ExecutionRecord record = executions.get(next.value);
                if (record == null || !filters.matches(record.getState())) {
                    continue;
                }
                if (taken == limit) {
                    return true;
                }
                found.accept(record);
                taken++;
            }
        }
        return false;
    }

    private static String text(final JsonNode arguments, final String field) {
        final JsonNode value = arguments.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Codec<Page> pageCodec() {
        final Codec<List<ExecutionState>> items = Codec.list(Codec.avro(ExecutionState.class));
        return new Codec<>() {
            @Override
            public JsonNode encode(final Page page) {
                final ObjectNode json = Json.MAPPER.createObjectNode().put("more", page.more());
                json.set("items", items.encode(page.items()));
                return json;
            }

            @Override
            public Page decode(final JsonNode json) {
                return new Page(items.decode(json.path("items")), json.path("more").asBoolean());
            }
        };
    }
}
