package io.riberry.platform.dev;

import io.riberry.kafka.KafkaConnection;
import io.riberry.topics.RiberryTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates Riberry's topics when they are missing; existing topics are left as they are. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** Creates every topic of {@code topics} plus a dispatch topic for each of {@code instances}. Answers the names created. */
    public static List<String> ensureTopics(final String bootstrapServers, final RiberryTopics topics, final Collection<String> instances,
                                           final int partitions, final short replicationFactor) {
        return ensureTopics(KafkaConnection.to(bootstrapServers), topics, instances, partitions, replicationFactor);
    }

    /** Creates every topic of {@code topics} plus a dispatch topic for each of {@code instances}. Answers the names created. */
    public static List<String> ensureTopics(final KafkaConnection kafka, final RiberryTopics topics, final Collection<String> instances,
                                           final int partitions, final short replicationFactor) {
        final List<NewTopic> wanted = new ArrayList<>();
        for (String name : topics.all()) {
            final NewTopic topic = new NewTopic(name, partitions, replicationFactor);
            if (topics.compacted().contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            wanted.add(topic);
        }
        for (String instance : instances) {
            wanted.add(new NewTopic(topics.dispatch(instance), partitions, replicationFactor));
        }
        return create(kafka, wanted);
    }

    /**
     * The partition count shared by {@code names}, which the platform reads as co-partitioned (one
     * task per partition sees the same keys of each). Topics created by someone else with other
     * counts would silently split an instance's state, so that is refused here.
     */
    public static int sharedPartitionCount(final KafkaConnection kafka, final List<String> names) {
        // Topics created a moment ago may not be known to every part of the cluster yet: a created
        // topic is described as unknown until its metadata has spread, so that is asked again.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            while (true) {
                try {
                    final Map<String, Integer> counts = new java.util.TreeMap<>();
                    admin.describeTopics(names).allTopicNames().get()
                            .forEach((name, description) -> counts.put(name, description.partitions().size()));
                    if (counts.values().stream().distinct().count() != 1) {
                        throw new IllegalStateException("Topics " + names + " must have the same number of partitions, not " + counts);
                    }
                    return counts.values().iterator().next();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("Cannot describe topics " + names + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    new CountDownLatch(1).await(100, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }

    public static List<String> create(final String bootstrapServers, final List<NewTopic> wanted) {
        return create(KafkaConnection.to(bootstrapServers), wanted);
    }

    public static List<String> create(final KafkaConnection kafka, final List<NewTopic> wanted) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            final List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + result.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics on " + kafka.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
