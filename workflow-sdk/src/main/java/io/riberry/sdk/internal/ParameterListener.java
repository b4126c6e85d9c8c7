package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.InstanceParameters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted parameters topic from its beginning, without a group, and tells
 * {@code onChange} each parameter of this instance whose active value changed (null when unset).
 * Reading from the beginning gives a starting worker the current values at once.
 */
public final class ParameterListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterListener.class);

    private final String instance;
    private final BiConsumer<String, String> onChange;
    private final Map<String, String> current = new HashMap<>();
    private final TopicFollower<InstanceParameters> follower;

    public ParameterListener(final KafkaConnection kafka, final String registryUrl, final String topic, final String instance,
                             final BiConsumer<String, String> onChange) {
        this.instance = instance;
        this.onChange = onChange;
        follower = new TopicFollower<>(kafka, registryUrl, topic, InstanceParameters.class, "riberry-parameters-" + instance,
                KafkaConsumer::seekToBeginning, record -> {
                    if (instance.equals(record.key())) {
                        apply(record.value().getParameters());
                    }
                });
    }

    /** The latest active values seen, by parameter name. */
    public synchronized Map<String, String> current() {
        return Map.copyOf(current);
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
                    LOG.warn("Handler of parameter {} of {} failed on value {}", name, instance, next.get(name), e);
                }
            }
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
