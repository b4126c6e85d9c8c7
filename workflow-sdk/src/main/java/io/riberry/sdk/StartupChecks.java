package io.riberry.sdk;

import io.riberry.kafka.KafkaConnection;
import io.riberry.registry.SchemaRegistryClient;
import io.riberry.registry.SchemaRegistryException;
import io.riberry.schema.ApplicationDefinition;
import io.riberry.schema.CatalogEntry;
import io.riberry.schema.FormDefinition;
import io.riberry.schema.InstanceDefinition;
import io.riberry.topics.RiberryTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RiberryWorker#start()} makes sure of before it starts anything, all within the start
 * timeout: Kafka answers, the registry answers (and knows the schemas the worker writes), the
 * catalog knows the worker's application, instance and forms, and the instance's dispatch topic
 * exists. Each failure names the address, the setting, or every mismatch.
 */
final class StartupChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);
    private static final Duration RETRY_EVERY = Duration.ofMillis(500);

    private final KafkaConnection kafka;
    private final SchemaRegistryClient registry;
    private final String registryUrl;
    private final RiberryTopics topics;
    private final Duration timeout;
    private final long deadline;
    private final Admin admin;

    StartupChecks(final KafkaConnection kafka, final SchemaRegistryClient registry, final String registryUrl, final RiberryTopics topics,
                  final Duration timeout) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.topics = topics;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.admin = Admin.create(kafka.clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "riberry-worker-start-" + ProcessHandle.current().pid(),
                // Kafka's client logs each failed connection: a second or more apart, an unreachable address costs a few lines, not dozens.
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 1_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, Math.min(timeout.toMillis(), 10_000)))));
    }

    /**
     * Every check, in order, within the timeout: Kafka and the registry at once, then the catalog
     * (before the dispatch topic: a worker of an instance the catalog does not know creates
     * nothing), then the dispatch topic. Answers when each was done, for the start's log line.
     *
     * @throws WorkerStartException on the first that fails, or on a catalog mismatch with {@link CatalogCheck#REFUSE}
     */
    String all(final String application, final String instance, final Set<String> forms, final CatalogCheck onMismatch,
               final String dispatchTopic, final int dispatchPartitions) {
        final long startedAt = System.nanoTime();
        // Both at once: each waits for a different server, within the same timeout.
        final CompletableFuture<Long> registryReached = CompletableFuture.supplyAsync(() -> {
            registry();
            return millisSince(startedAt);
        });
        kafkaReachable();
        final StringBuilder took = new StringBuilder("Kafka ").append(millisSince(startedAt));
        took.append(", registry ").append(joinUnwrapped(registryReached));
        catalog(instance, catalogMismatches(application, instance, forms), onMismatch);
        took.append(", catalog ").append(millisSince(startedAt));
        dispatchTopic(dispatchTopic, dispatchPartitions);
        return took.append(", dispatch topic ").append(millisSince(startedAt)).toString();
    }

    private static void catalog(final String instance, final List<String> mismatches, final CatalogCheck onMismatch) {
        if (mismatches.isEmpty()) {
            return;
        }
        final String summary = "the catalog does not match the worker of " + instance + ": " + String.join("; ", mismatches);
        if (onMismatch == CatalogCheck.REFUSE) {
            throw new WorkerStartException(summary + ". Import the catalog (riberry catalog import) or fix the worker's names;"
                    + " catalog.check=warn starts it anyway");
        }
        LOG.warn("{}. Starting anyway (catalog.check=warn)", summary);
    }

    private static <T> T joinUnwrapped(final CompletableFuture<T> check) {
        try {
            return check.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static long millisSince(final long startedAt) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }

    /** Waits for Kafka to answer. */
    void kafkaReachable() {
        Throwable last = null;
        while (true) {
            try {
                admin.describeCluster().clusterId().get(remainingMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                last = e.getCause();
                if (last instanceof AuthenticationException || last instanceof AuthorizationException) {
                    throw new WorkerStartException("Kafka at " + kafka.bootstrapServers() + " (bootstrap.servers) refused this worker: "
                            + last.getMessage() + "; check the kafka.* security settings", last);
                }
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerStartException("interrupted while waiting for Kafka at " + kafka.bootstrapServers(), e);
            }
            if (!pauseBeforeRetry()) {
                throw new WorkerStartException("Kafka at " + kafka.bootstrapServers() + " (bootstrap.servers) did not answer within "
                        + timeout.toSeconds() + " s (start.timeout.ms)" + (last == null || last.getMessage() == null ? "" : ": " + last.getMessage()), last);
            }
        }
    }

    /** Creates the instance's dispatch topic if it is missing, so an instance works before anyone ran {@code riberry topics create}. */
    void dispatchTopic(final String topic, final int partitions) {
        try {
            if (!admin.listTopics().names().get(remainingMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(remainingMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created the dispatch topic {} with {} partitions", topic, partitions);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new WorkerStartException("Cannot create the dispatch topic " + topic + " on Kafka at " + kafka.bootstrapServers() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new WorkerStartException("Kafka at " + kafka.bootstrapServers() + " did not create the dispatch topic " + topic
                    + " within " + timeout.toSeconds() + " s (start.timeout.ms)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartException("interrupted while creating " + topic, e);
        }
    }

    /** Waits for the registry to answer, registering the schemas the worker writes, so producing never needs it afterwards. */
    void registry() {
        SchemaRegistryException last;
        while (true) {
            try {
                KafkaSink.registerSchemas(registry, topics);
                return;
            } catch (SchemaRegistryException e) {
                last = e;
                if (e.status() == 401 || e.status() == 403) {
                    // The client's message names the registry and its answer, never the credentials.
                    throw new WorkerStartException(e.getMessage() + " (worker settings " + RiberryWorker.Builder.REGISTRY_BEARER_TOKEN
                            + " or " + RiberryWorker.Builder.REGISTRY_USER_INFO + ")", e);
                }
                if (e.status() >= 400 && e.status() < 500) {
                    throw new WorkerStartException("Schema registry at " + registryUrl + " (schema.registry.url) refused the worker's schemas: "
                            + e.getMessage(), e);
                }
            }
            if (!pauseBeforeRetry()) {
                throw new WorkerStartException("Schema registry at " + registryUrl + " (schema.registry.url) did not answer within "
                        + timeout.toSeconds() + " s (start.timeout.ms): " + last.getMessage(), last);
            }
        }
    }

    /**
     * Compares the worker with the published catalog: every mismatch, as one line each, empty
     * when it matches.
     */
    List<String> catalogMismatches(final String application, final String instance, final Set<String> forms) {
        final Map<String, CatalogEntry> catalog = readCatalog();
        final Map<String, ApplicationDefinition> applications = new TreeMap<>();
        final Map<String, InstanceDefinition> instances = new TreeMap<>();
        final Map<String, FormDefinition> formsByName = new TreeMap<>();
        catalog.values().forEach(entry -> {
            if (entry.getEntity() instanceof ApplicationDefinition definition) {
                applications.put(definition.getName(), definition);
            } else if (entry.getEntity() instanceof InstanceDefinition definition) {
                instances.put(definition.getName(), definition);
            } else if (entry.getEntity() instanceof FormDefinition definition) {
                formsByName.put(definition.getName(), definition);
            }
        });
        final List<String> mismatches = new ArrayList<>();
        if (!applications.containsKey(application)) {
            mismatches.add("application " + application + " is not in the catalog" + among("applications", applications.keySet()));
        }
        final InstanceDefinition definition = instances.get(instance);
        if (definition == null) {
            mismatches.add("instance " + instance + " is not in the catalog" + among("instances of " + application,
                    namesWhere(instances, i -> i.getApplication().equals(application))));
        } else if (!definition.getApplication().equals(application)) {
            mismatches.add("instance " + instance + " belongs to application " + definition.getApplication() + ", not " + application);
        }
        final Set<String> formsOfInstance = namesWhere(formsByName, f -> f.getInstance().equals(instance));
        for (String form : new TreeSet<>(forms)) {
            final FormDefinition formDefinition = formsByName.get(form);
            if (formDefinition == null) {
                mismatches.add("form " + form + " is not in the catalog" + among("forms of instance " + instance, formsOfInstance));
            } else if (!formDefinition.getInstance().equals(instance)) {
                mismatches.add("form " + form + " belongs to instance " + formDefinition.getInstance() + ", not " + instance);
            }
        }
        final Set<String> unserved = new TreeSet<>(formsOfInstance);
        unserved.removeAll(forms);
        if (mismatches.isEmpty() && !unserved.isEmpty()) {
            LOG.warn("Instance {} has forms this worker has no entry point for: {}. Their jobs fail unless another process serves them",
                    instance, unserved);
        }
        return mismatches;
    }

    private Map<String, CatalogEntry> readCatalog() {
        final String topic = topics.catalog();
        final RecordDecoder<CatalogEntry> decoder = new RecordDecoder<>(CatalogEntry.class, registry);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "riberry-worker-catalog-" + ProcessHandle.current().pid(),
                // Reading must never create a topic: the platform creates them with their settings (compaction...).
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Read once to its end: a fetch that finds nothing new should answer at once, not in 500 ms.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            final Duration remaining = Duration.ofMillis(remainingMillis());
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, remaining).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            final Map<String, CatalogEntry> latest = new HashMap<>();
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey(), remaining) < end.getValue())) {
                if (remainingMillis() <= 0) {
                    throw new WorkerStartException("could not read the catalog (" + topic + ") from Kafka at " + kafka.bootstrapServers()
                            + " within " + timeout.toSeconds() + " s (start.timeout.ms)");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final CatalogEntry entry = decodeWhileRegistryAnswers(decoder, record);
                    if (entry == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), entry);
                    }
                }
            }
            return latest;
        }
    }

    private CatalogEntry decodeWhileRegistryAnswers(final RecordDecoder<CatalogEntry> decoder, final ConsumerRecord<String, byte[]> record) {
        while (true) {
            try {
                return decoder.decode(record.topic(), record.value());
            } catch (RecordDecoder.RegistryUnavailableException e) {
                if (!pauseBeforeRetry()) {
                    throw new WorkerStartException("Schema registry at " + registryUrl + " (schema.registry.url) did not answer within "
                            + timeout.toSeconds() + " s (start.timeout.ms): " + e.getMessage(), e);
                }
            }
        }
    }

    private static <V> Set<String> namesWhere(final Map<String, V> byName, final Predicate<V> test) {
        final Set<String> names = new TreeSet<>();
        byName.forEach((name, value) -> {
            if (test.test(value)) {
                names.add(name);
            }
        });
        return names;
    }

    private static String among(final String what, final Set<String> names) {
        return names.isEmpty() ? " (it has no " + what + ")" : " (" + what + ": " + String.join(", ", names) + ")";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }

    private long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Sleeps before another attempt; false when the deadline leaves no time for one. */
    private boolean pauseBeforeRetry() {
        if (remainingMillis() <= RETRY_EVERY.toMillis()) {
            return false;
        }
        try {
            Thread.sleep(RETRY_EVERY.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
