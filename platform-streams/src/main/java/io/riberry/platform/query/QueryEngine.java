package io.riberry.platform.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.http.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows where a key lives. A query's keys are grouped by the replica that
 * runs them actively: this replica reads its own; every other replica gets one batched call on
 * the internal path. When a replica does not answer (killed, say: the group has not noticed yet),
 * its keys are read from a standby copy, and the answer says it may be stale. When no copy can
 * answer, or a key is moving between replicas, the answer is 503 with Retry-After: never a wrong
 * answer, never a 404 a client would take as final.
 */
public final class QueryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(QueryEngine.class);

    private final StoreAccess stores;
    private final Replicas replicas;
    private final Map<String, KeyedQuery<?>> keyedQueries = new HashMap<>();
    private final Map<String, ScatterQuery<?>> scatterQueries = new HashMap<>();

    public QueryEngine(final StoreAccess stores, final Replicas replicas) {
        this.stores = stores;
        this.replicas = replicas;
    }

    /** Makes {@code query} answerable by other replicas; views register each of theirs once. */
    public <V> KeyedQuery<V> register(final KeyedQuery<V> query) {
        keyedQueries.put(query.name(), query);
        return query;
    }

    public <R> ScatterQuery<R> register(final ScatterQuery<R> query) {
        scatterQueries.put(query.name(), query);
        return query;
    }

    public StoreAccess stores() {
        return stores;
    }

    Replicas replicas() {
        return replicas;
    }

    public <V> Answers<V> get(final KeyedQuery<V> query, final String key) {
        return get(query, List.of(key));
    }

    /** Each key's answer, wherever it lives: one call per other replica. */
    public <V> Answers<V> get(final KeyedQuery<V> query, final Collection<String> keys) {
        final Map<HostInfo, List<String>> byActive = new LinkedHashMap<>();
        final Map<String, StoreAccess.Location> locations = new HashMap<>();
        for (String key : new TreeSet<>(keys)) {
            final StoreAccess.Location location = stores.locate(query.store(), key);
            locations.put(key, location);
            byActive.computeIfAbsent(location.active(), host -> new ArrayList<>()).add(key);
        }
        final Map<String, V> found = new HashMap<>();
        boolean stale = false;
        for (Map.Entry<HostInfo, List<String>> group : byActive.entrySet()) {
            final HostInfo active = group.getKey();
            if (active != null && stores.isSelf(active)) {
                found.putAll(readLocally(query, group.getValue(), false).found());
                continue;
            }
            try {
                if (active == null) {
                    throw new Replicas.ReplicaUnavailableException("no active replica", null);
                }
                found.putAll(ask(active, query, group.getValue(), false));
            } catch (Replicas.ReplicaUnavailableException e) {
                LOG.debug("Reading {} from standby copies: {}", query.name(), e.getMessage());
                for (String key : group.getValue()) {
                    fromStandby(query, key, locations.get(key)).ifPresent(value -> found.put(key, value));
                }
                stale = true;
            }
        }
        return new Answers<>(found, stale);
    }

    /** Every replica's part of {@code query}, a replica that does not answer replaced by the standby copies of its partitions. */
    public <R> Answers.Gathered<R> everywhere(final ScatterQuery<R> query, final JsonNode arguments) {
        final List<R> parts = new ArrayList<>();
        final Set<Integer> orphaned = new TreeSet<>();
        final List<StreamsMetadata> answered = new ArrayList<>();
        for (StreamsMetadata replica : stores.replicasOf(query.store())) {
            if (stores.isSelf(replica.hostInfo())) {
                parts.add(query.part().read(stores.local(false), arguments, Set.of()));
                answered.add(replica);
                continue;
            }
            try {
                parts.add(query.codec().decode(replicas.ask(replica.hostInfo(), query.name(), scatterArguments(arguments, Set.of()))));
                answered.add(replica);
            } catch (Replicas.ReplicaUnavailableException e) {
                LOG.debug("Replica {} did not answer {}; asking the others for their standby copies", replica.hostInfo(), query.name());
                orphaned.addAll(stores.activePartitionsOf(replica, query.store()));
            }
        }
        if (orphaned.isEmpty()) {
            return new Answers.Gathered<>(parts, false);
        }
        for (StreamsMetadata replica : answered) {
            final Set<Integer> standbyHere = new HashSet<>(orphaned);
            if (stores.isSelf(replica.hostInfo())) {
                parts.add(query.part().read(stores.local(true), arguments, standbyHere));
            } else {
                try {
                    parts.add(query.codec().decode(replicas.ask(replica.hostInfo(), query.name(), scatterArguments(arguments, standbyHere))));
                } catch (Replicas.ReplicaUnavailableException e) {
                    throw ApiException.unavailable("platform replicas are not answering; retry shortly");
                }
            }
        }
        return new Answers.Gathered<>(parts, true);
    }

    /**
     * The internal path's side: answers another replica's call from this replica's stores. A key
     * this replica no longer holds is named as moved, so the caller answers 503 rather than "not
     * found".
     */
    public JsonNode answer(final String operation, final JsonNode arguments) {
        final KeyedQuery<?> keyed = keyedQueries.get(operation);
        if (keyed != null) {
            return answerKeys(keyed, arguments);
        }
        final ScatterQuery<?> scatter = scatterQueries.get(operation);
        if (scatter == null) {
            throw ApiException.notFound("no query " + operation);
        }
        final Set<Integer> standbyPartitions = new TreeSet<>();
        arguments.path("standbyPartitions").forEach(p -> standbyPartitions.add(p.asInt()));
        return encodePart(scatter, arguments.path("arguments"), standbyPartitions);
    }

    private <R> JsonNode encodePart(final ScatterQuery<R> query, final JsonNode arguments, final Set<Integer> standbyPartitions) {
        return query.codec().encode(query.part().read(stores.local(!standbyPartitions.isEmpty()), arguments, standbyPartitions));
    }

    private <V> JsonNode answerKeys(final KeyedQuery<V> query, final JsonNode arguments) {
        final boolean staleAllowed = arguments.path("stale").asBoolean(false);
        final List<String> keys = new ArrayList<>();
        arguments.path("keys").forEach(key -> keys.add(key.asText()));
        final ObjectNode answer = Json.MAPPER.createObjectNode();
        final ObjectNode found = answer.putObject("found");
        final ArrayNode moved = answer.putArray("moved");
        final List<String> held = new ArrayList<>();
        for (String key : keys) {
            if (stores.ownsActively(query.store(), key) || (staleAllowed && stores.holds(query.store(), key))) {
                held.add(key);
            } else {
                moved.add(key);
            }
        }
        readLocally(query, held, staleAllowed).found().forEach((key, value) -> found.set(key, query.codec().encode(value)));
        return answer;
    }

    private <V> Answers<V> readLocally(final KeyedQuery<V> query, final Collection<String> keys, final boolean stale) {
        final StoreAccess.LocalStores local = stores.local(stale);
        final Map<String, V> found = new HashMap<>();
        for (String key : keys) {
            final V value = query.lookup().find(local, key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return new Answers<>(found, stale);
    }

    private <V> Map<String, V> ask(final HostInfo host, final KeyedQuery<V> query, final List<String> keys, final boolean stale) {
        final ObjectNode arguments = Json.MAPPER.createObjectNode().put("stale", stale);
        final ArrayNode keyArray = arguments.putArray("keys");
        keys.forEach(keyArray::add);
        final JsonNode answer = replicas.ask(host, query.name(), arguments);
        if (!answer.path("moved").isEmpty()) {
            throw ApiException.unavailable("data is moving between platform replicas; retry shortly");
        }
        final Map<String, V> found = new HashMap<>();
        answer.path("found").fields().forEachRemaining(entry -> found.put(entry.getKey(), query.codec().decode(entry.getValue())));
        return found;
    }

    private <V> java.util.Optional<V> fromStandby(final KeyedQuery<V> query, final String key, final StoreAccess.Location location) {
        if (location.standbys().isEmpty()) {
            throw ApiException.unavailable("the replica that holds this key does not answer and no standby copy exists; retry shortly");
        }
        if (location.standbys().contains(stores.self())) {
            return java.util.Optional.of(presentOnStandby(readLocally(query, List.of(key), true).found().get(key)));
        }
        for (HostInfo standby : location.standbys()) {
            try {
                return java.util.Optional.of(presentOnStandby(ask(standby, query, List.of(key), true).get(key)));
            } catch (Replicas.ReplicaUnavailableException e) {
                LOG.debug("Standby {} did not answer either: {}", standby, e.getMessage());
            }
        }
        throw ApiException.unavailable("no replica that holds this key answers; retry shortly");
    }

    /**
     * A standby may lag its active: what it does not hold yet may exist, so its "not found" is a
     * 503 to retry, never a 404 a client would take as final.
     */
    private static <V> V presentOnStandby(final V value) {
        if (value == null) {
            throw ApiException.unavailable("the replica that owns this key does not answer and its standby copy does not hold it; retry shortly");
        }
        return value;
    }

    private static JsonNode scatterArguments(final JsonNode arguments, final Set<Integer> standbyPartitions) {
        final ObjectNode wrapped = Json.MAPPER.createObjectNode();
        wrapped.set("arguments", arguments);
        final ArrayNode partitions = wrapped.putArray("standbyPartitions");
        standbyPartitions.forEach(partitions::add);
        return wrapped;
    }
}
