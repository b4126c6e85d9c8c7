package io.riberry.platform.errors;

import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.registry.SchemaRegistryClients;
import io.riberry.schema.DeadLetter;
import io.riberry.serde.AvroSerdes;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/** What both dead-letter handlers read from the Streams configuration they are given: where to write, and what to count on. */
record DeadLetterConfig(String topic, Serializer<DeadLetter> serializer, ProcessingMetrics metrics) {

    /** The Streams config key carrying the dead-letter topic name to the handlers. */
    static final String TOPIC = DeadLetters.TOPIC_CONFIG;

    static DeadLetterConfig from(final Map<String, ?> configs) {
        final Object topic = configs.get(TOPIC);
        if (topic == null) {
            throw new IllegalArgumentException(TOPIC + " must be configured for the dead-letter handlers");
        }
        final Object url = configs.get(AvroSerdes.SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(AvroSerdes.SCHEMA_REGISTRY_URL + " must be configured for the dead-letter handlers");
        }
        // The registry's credentials (bearer.auth.token, basic.auth.user.info) come with the Streams config, as for the serdes.
        return new DeadLetterConfig(topic.toString(),
                AvroSerdes.serde(DeadLetter.class, SchemaRegistryClients.forUrl(url.toString(), configs)).serializer(),
                ProcessingMetrics.from(configs));
    }
}
