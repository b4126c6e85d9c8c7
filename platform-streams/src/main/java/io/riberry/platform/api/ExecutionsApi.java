package io.riberry.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.processor.execution.ExecutionProgress;
import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import io.riberry.platform.json.AvroJson;
import io.riberry.platform.query.RemoteQueries;
import io.riberry.platform.query.StoreAccess;
import io.riberry.platform.store.ExecutionIndexKeys;
import io.riberry.platform.topology.StoreNames;
import io.riberry.schema.ExecutionState;
import io.riberry.schema.ExecutionStatus;
import io.riberry.schema.StreamState;
import io.riberry.platform.store.ProgressKeys;
import org.apache.kafka.common.serialization.StringSerializer;
import io.riberry.schema.internal.ExecutionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code GET /executions/{id}} (served by the owner) and {@code GET /executions} (gathered from every instance, merged, paged). */
public final class ExecutionsApi {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 1000;
    private static final String LOCAL_SCOPE = "scope=local";

    private final StoreAccess stores;
    private final RemoteQueries remote;

    public ExecutionsApi(final StoreAccess stores, final RemoteQueries remote) {
        this.stores = stores;
        this.remote = remote;
    }

    public HttpResponse get(final HttpRequest request) {
        final String executionId = request.pathParam("id");
        final HostInfo owner = stores.ownerOf(StoreNames.EXECUTIONS, executionId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        return HttpResponse.json(200, AvroJson.toJson(localExecution(executionId)
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId))));
    }

    /** {@code GET /executions/{id}/streams}: the execution's streams, oldest first, with their counts, percent and ETA. */
    public HttpResponse streams(final HttpRequest request) {
        final String executionId = request.pathParam("id");
        final HostInfo owner = stores.ownerOf(StoreNames.EXECUTIONS, executionId);
        if (!stores.isSelf(owner)) {
            return remote.forward(request, owner);
        }
        if (localExecution(executionId).isEmpty()) {
            throw ApiException.notFound("no execution " + executionId);
        }
        final ReadOnlyKeyValueStore<String, StreamState> streams = stores.local(StoreNames.EXECUTION_STREAMS);
        final List<StreamState> found = new ArrayList<>();
        try (KeyValueIterator<String, StreamState> it = streams.prefixScan(ProgressKeys.executionPrefix(executionId), new StringSerializer())) {
            it.forEachRemaining(entry -> found.add(entry.value));
        }
        found.sort(Comparator.comparingInt(StreamState::getPosition).thenComparing(StreamState::getCreatedAt)
                .thenComparing(StreamState::getStream));
        return HttpResponse.json(200, Map.of("items", found.stream().map(AvroJson::toJson).toList()));
    }

    /** The execution with its progress counts derived from its streams as of now. */
    public Optional<ExecutionState> localExecution(final String executionId) {
        final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = stores.local(StoreNames.EXECUTIONS);
        final ExecutionRecord record = executions.get(executionId);
        return Optional.ofNullable(record).map(r -> withCurrentProgress(r.getState()));
    }

    private ExecutionState withCurrentProgress(final ExecutionState state) {
        final ReadOnlyKeyValueStore<String, StreamState> streams = stores.local(StoreNames.EXECUTION_STREAMS);
        state.setProgress(ExecutionProgress.of(streams, state.getExecutionId(), state.getStartedAt()));
        return state;
    }

    /** An execution as JSON from whichever instance owns it; empty when it does not exist (yet). */
    public Optional<JsonNode> executionJson(final String executionId) {
        final HostInfo owner = stores.ownerOf(StoreNames.EXECUTIONS, executionId);
        if (stores.isSelf(owner)) {
            return localExecution(executionId).map(AvroJson::toJson);
        }
        return Optional.ofNullable(remote.getJson(owner, "/executions/" + executionId));
    }

    public HttpResponse list(final HttpRequest request) {
        final Filters filters = Filters.of(request);
        final int limit = request.intQueryParam("limit", DEFAULT_PAGE, 1, MAX_PAGE);
        final Optional<String> cursor = request.queryParam("cursor").map(c -> decodeCursor(c, filters.indexPrefix()));
        if ("local".equals(request.query().get("scope"))) {
            return HttpResponse.json(200, page(localPage(filters, cursor, limit), filters, limit));
        }
        final List<Page> pages = new ArrayList<>();
        for (StreamsMetadata instance : stores.streams().streamsMetadataForStore(StoreNames.EXECUTION_INDEX)) {
            if (stores.isSelf(instance.hostInfo())) {
                pages.add(localPage(filters, cursor, limit));
            } else {
                final String query = request.rawQuery() == null ? LOCAL_SCOPE : request.rawQuery() + "&" + LOCAL_SCOPE;
                pages.add(Page.fromJson(remote.getJson(instance.hostInfo(), "/executions?" + query)));
            }
        }
        return HttpResponse.json(200, page(merge(pages, limit), filters, limit));
    }

    /** One instance's page: the next {@code limit} matching executions after {@code cursor}, newest first. */
    private Page localPage(final Filters filters, final Optional<String> cursor, final int limit) {
        final ReadOnlyKeyValueStore<String, ExecutionRecord> executions = stores.local(StoreNames.EXECUTIONS);
        final List<Page> partitions = new ArrayList<>();
        for (ReadOnlyKeyValueStore<String, String> index : stores.<String>localPartitions(StoreNames.EXECUTION_INDEX)) {
            partitions.add(partitionPage(index, executions, filters, cursor, limit));
        }
        return merge(partitions, limit);
    }

    private Page partitionPage(final ReadOnlyKeyValueStore<String, String> index,
                                      final ReadOnlyKeyValueStore<String, ExecutionRecord> executions,
                                      final Filters filters, final Optional<String> cursor, final int limit) {
        final String prefix = filters.indexPrefix();
        final String from = cursor.map(c -> c + '\u0000').orElse(prefix);
        final List<JsonNode> items = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<String, String> keys = index.range(from, ExecutionIndexKeys.endOf(prefix))) {
            while (keys.hasNext()) {
                final KeyValue<String, String> next = keys.next();
                final ExecutionRecord record = executions.get(next.value);
                if (record == null || !filters.matches(record.getState())) {
                    continue;
                }
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(AvroJson.toJson(withCurrentProgress(record.getState())));
            }
        }
        return new Page(items, more);
    }

    private static Page merge(final List<Page> pages, final int limit) {
        final List<JsonNode> all = new ArrayList<>();
        boolean more = false;
        for (Page page : pages) {
            all.addAll(page.items());
            more |= page.more();
        }
        all.sort(NEWEST_FIRST);
        if (all.size() > limit) {
            more = true;
        }
        return new Page(List.copyOf(all.subList(0, Math.min(limit, all.size()))), more);
    }

    private static Map<String, Object> page(final Page page, final Filters filters, final int limit) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.more() && !page.items().isEmpty()
                ? encodeCursor(filters.indexPrefix(), page.items().get(page.items().size() - 1)) : null);
        return body;
    }

    /** Index order: newest first, then by id, the same order the index keys sort in. */
    private static final Comparator<JsonNode> NEWEST_FIRST = Comparator
            .comparing((JsonNode n) -> Instant.parse(n.get("createdAt").asText()), Comparator.reverseOrder())
            .thenComparing(n -> n.get("executionId").asText());

    /** A cursor is the index key of the last item given, so the next page is a range scan that starts after it. */
    private static String encodeCursor(final String prefix, final JsonNode last) {
        final String key = ExecutionIndexKeys.key(prefix, Instant.parse(last.get("createdAt").asText()), last.get("executionId").asText());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(final String cursor, final String prefix) {
        final String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor is not one this API issued");
        }
        if (!key.startsWith(prefix)) {
            throw ApiException.badRequest("cursor belongs to a listing with other filters");
        }
        return key;
    }

    record Page(List<JsonNode> items, boolean more) {
        static Page fromJson(final JsonNode json) {
            final List<JsonNode> items = new ArrayList<>();
            if (json == null) {
                return new Page(items, false);
            }
            json.path("items").forEach(items::add);
            return new Page(items, json.hasNonNull("nextCursor"));
        }
    }

    /** The listing filters; the most selective one picks the index prefix, the others are checked per execution. */
    record Filters(String application, String instance, String form, ExecutionStatus status) {

        static Filters of(final HttpRequest request) {
            final ExecutionStatus status = request.queryParam("status").map(s -> {
                try {
                    return ExecutionStatus.valueOf(s.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("status must be one of RECEIVED, READY, ACTIVE, SUCCESS, FAILURE, not \"" + s + "\"");
                }
            }).orElse(null);
            return new Filters(request.queryParam("application").orElse(null), request.queryParam("instance").orElse(null),
                    request.queryParam("form").orElse(null), status);
        }

        String indexPrefix() {
            if (form != null) {
                return ExecutionIndexKeys.formPrefix(form);
            }
            if (status != null) {
                return ExecutionIndexKeys.statusPrefix(status);
            }
            if (instance != null) {
                return ExecutionIndexKeys.instancePrefix(instance);
            }
            if (application != null) {
                return ExecutionIndexKeys.applicationPrefix(application);
            }
            return ExecutionIndexKeys.allPrefix();
        }

        boolean matches(final ExecutionState execution) {
            return (application == null || application.equals(execution.getApplication()))
                    && (instance == null || instance.equals(execution.getInstance()))
                    && (form == null || form.equals(execution.getForm()))
                    && (status == null || status == execution.getStatus());
        }
    }
}
