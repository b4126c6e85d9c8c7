package io.riberry.sdk.internal;

import io.riberry.schema.InstanceParameters;
import io.riberry.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted parameters topic from its beginning, without a group, and tells
 * {@code onChange} each parameter of this instance whose active value changed (null when unset).
 * Reading from the beginning gives a starting worker the current values at once.
 */
public final class ParameterListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterListener.class);

    private final KafkaConsumer<String, InstanceParameters> consumer;
    private final String instance;
    private final BiConsumer<String, String> onChange;
    private final Map<String, String> current = new HashMap<>();
    private final Thread thread;
    private volatile boolean open = true;

    public ParameterListener(final String bootstrapServers, final String registryUrl, final String topic, final String instance,
                             final BiConsumer<String, String> onChange) {
        this.instance = instance;
        this.onChange = onChange;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerdes.serde(InstanceParameters.class, registryUrl).deserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "riberry-parameters-" + instance);
        thread.setDaemon(true);
        thread.start();
    }

    /** The latest active values seen, by parameter name. */
    public synchronized Map<String, String> current() {
        return Map.copyOf(current);
    }

    private void follow() {
        try {
            while (open) {
                for (ConsumerRecord<String, InstanceParameters> record : consumer.poll(Duration.ofMillis(200))) {
                    if (instance.equals(record.key()) && record.value() != null) {
                        apply(record.value().getParameters());
                    }
                }
            }
        } catch (WakeupException e) {
            if (open) {
                LOG.error("Parameter listener of {} woken up unexpectedly", instance, e);
            }
        } catch (RuntimeException e) {
            LOG.error("Parameter listener of {} stopped; parameter changes will not reach this worker", instance, e);
        } finally {
            consumer.close();
        }
    }

    private void apply(final Map<String, String> next) {
        final Set<String> names = new HashSet<>(next.keySet());
        final Map<String, String> before;
        synchronized (this) {
            before = Map.copyOf(current);
            names.addAll(before.keySet());
            current.clear();
            current.putAll(next);
        }
        for (String name : names) {
            if (!Objects.equals(before.get(name), next.get(name))) {
                try {
                    onChange.accept(name, next.get(name));
                } catch (RuntimeException e) {
                    LOG.warn("Handler of parameter {} failed on value {}", name, next.get(name), e);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
