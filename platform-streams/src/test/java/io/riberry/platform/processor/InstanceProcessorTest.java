package io.riberry.platform.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.platform.liveness.ClockTicks;
import io.riberry.platform.store.CatalogView;
import io.riberry.platform.topology.PlatformSerdes;
import io.riberry.platform.topology.ProcessorNames;
import io.riberry.platform.topology.StoreNames;
import io.riberry.registry.InMemorySchemaRegistryClient;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.schema.InstanceParameters;
import io.riberry.schema.InstanceState;
import io.riberry.schema.InstanceStatus;
import io.riberry.schema.JobScheduleDefinition;
import io.riberry.schema.JobSubmitted;
import io.riberry.topics.KeyPartitions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance processor in one task of several, its punctuator fired by hand: a task evaluates
 * the catalog instances and cron schedules its partition owns, and only those, although every
 * task reads the whole catalog.
 */
class InstanceProcessorTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:30Z");
    private static final KeyPartitions TWO = new KeyPartitions(2);

    @TempDir
    Path stateDir;

    private final String scope = UUID.randomUUID().toString();
    private final List<String> scopes = new ArrayList<>();
    private MockProcessorContext<String, Object> context;
    private KeyValueStore<String, CatalogEntry> catalog;
    private KeyValueStore<String, InstanceState> statuses;
    private final List<String> ownedHere = new ArrayList<>();
    private final List<String> ownedElsewhere = new ArrayList<>();

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 1), stateDir.toFile());
        catalog = store(StoreNames.CATALOG, PlatformSerdes::catalogEntry);
        statuses = store(StoreNames.INSTANCE_STATUS, PlatformSerdes::instanceState);
        store(StoreNames.INSTANCE_PARAMETERS, PlatformSerdes::instanceParameters);
        store(StoreNames.IN_FLIGHT, PlatformSerdes::inFlightExecution);
        store(StoreNames.INSTANCE_PROCESSES, PlatformSerdes::workerProcessState);
        store(StoreNames.DISPATCH_QUEUE, serdes -> Serdes.String());
        store(StoreNames.JOB_SCHEDULE_RUNS, PlatformSerdes::jobScheduleRuns);
        for (int i = 0; ownedHere.size() < 2 || ownedElsewhere.size() < 2; i++) {
            final String instance = "instance-" + i;
            (TWO.partitionOf(instance) == 1 ? ownedHere : ownedElsewhere).add(instance);
            put(CatalogView.instanceId(instance), new InstanceDefinition(instance, "app"));
            put(CatalogView.formId("form-of-" + instance), FormDefinition.newBuilder().setName("form-of-" + instance).setApplication("app")
                    .setInstance(instance).build());
            put(CatalogView.jobScheduleId("every-minute-" + instance), JobScheduleDefinition.newBuilder().setName("every-minute-" + instance)
                    .setForm("form-of-" + instance).setCron("* * * * *").setRunWhenOnline(false).build());
        }
    }

    @AfterEach
    void stop() {
        scopes.forEach(InMemorySchemaRegistryClient::dropScope);
    }

    @Test
    void shouldPublishOnlyTheInstancesItsPartitionOwns() {
        final InstanceProcessor processor = new InstanceProcessor(Duration.ofSeconds(10), TWO);
        processor.init(context);

        punctuate(NOW);

        assertThat(forwardedTo(ProcessorNames.INSTANCES_SINK, InstanceState.class)).extracting(InstanceState::getInstance)
                .containsExactlyInAnyOrderElementsOf(ownedHere);
        assertThat(forwardedTo(ProcessorNames.INSTANCES_SINK, InstanceState.class)).extracting(InstanceState::getStatus)
                .containsOnly(InstanceStatus.CREATED);
        assertThat(forwardedTo(ProcessorNames.PARAMETERS_SINK, InstanceParameters.class)).extracting(InstanceParameters::getInstance)
                .containsExactlyInAnyOrderElementsOf(ownedHere);
    }

    @Test
    void shouldSubmitDueCronJobsOnlyForTheFormsOfItsOwnInstances() {
        final InstanceProcessor processor = new InstanceProcessor(Duration.ofSeconds(10), TWO);
        processor.init(context);
        punctuate(NOW);
        context.resetForwards();

        punctuate(NOW.plusSeconds(60));

        assertThat(forwardedTo(ProcessorNames.JOB_INPUTS_SINK, JobSubmitted.class)).extracting(JobSubmitted::getForm)
                .containsExactlyInAnyOrderElementsOf(ownedHere.stream().map(instance -> "form-of-" + instance).toList());
    }

    @Test
    void shouldJudgeNoOneSilentInAFreshTaskUntilItReadsAClockTick() {
        // The task's previous owner left this instance ONLINE; its last heartbeat is long past by the wall clock.
        final String instance = ownedHere.get(0);
        final Instant lastHeard = NOW.minus(Duration.ofHours(1));
        statuses.put(instance, InstanceState.newBuilder().setInstance(instance).setApplication("app").setStatus(InstanceStatus.ONLINE)
                .setChangedAt(lastHeard).setLastHeartbeatAt(lastHeard).build());
        final InstanceProcessor processor = new InstanceProcessor(Duration.ofSeconds(10), TWO);
        processor.init(context);

        punctuate(NOW);

        assertThat(forwardedTo(ProcessorNames.INSTANCES_SINK, InstanceState.class)).filteredOn(state -> state.getInstance().equals(instance))
                .as("the heartbeats after it may be unread yet").isEmpty();
        assertThat(statuses.get(instance).getStatus()).isEqualTo(InstanceStatus.ONLINE);

        processor.process(new Record<>(ClockTicks.KEY, ClockTicks.at(NOW), NOW.toEpochMilli()));

        assertThat(forwardedTo(ProcessorNames.INSTANCES_SINK, InstanceState.class)).filteredOn(state -> state.getInstance().equals(instance))
                .extracting(InstanceState::getStatus).as("a tick read: everything sent before it was read too").containsExactly(InstanceStatus.OFFLINE);
    }

    private void punctuate(final Instant at) {
        context.setCurrentSystemTimeMs(at.toEpochMilli());
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at.toEpochMilli());
    }

    private <T> List<T> forwardedTo(final String sink, final Class<T> type) {
        return context.forwarded(sink).stream().map(forward -> type.cast(forward.record().value())).toList();
    }

    private void put(final String id, final Object entity) {
        catalog.put(id, new CatalogEntry(id, entity));
    }

    /**
     * An in-memory store with its own registry: the mock context names every store's topic
     * "changelog", and one registry would take their different value types for one evolving subject.
     */
    private <V> KeyValueStore<String, V> store(final String name, final Function<PlatformSerdes, Serde<V>> valueSerde) {
        final String storeScope = scope + "-" + name;
        scopes.add(storeScope);
        final PlatformSerdes serdes = PlatformSerdes.using(SchemaRegistryClients.forUrl(SchemaRegistryClients.MOCK_SCHEME + storeScope));
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                valueSerde.apply(serdes)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
