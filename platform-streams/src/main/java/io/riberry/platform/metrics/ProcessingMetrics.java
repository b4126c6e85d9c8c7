package io.riberry.platform.metrics;

import io.riberry.schema.ExecutionStatus;
import java.time.Duration;

/**
 * What the topology's processors and dead-letter handlers report as they apply changes. They run
 * inside Kafka Streams: the processors get this through the topology builder and the handlers
 * through the Streams configuration ({@link #CONFIG}), so the topology itself holds no registry.
 * {@link #NONE} measures nothing.
 *
 * <p>Reported when a change is applied, before its transaction commits: a transaction that is
 * aborted and retried under exactly-once reports its changes again.
 */
public interface ProcessingMetrics {

    /** The Streams configuration key whose value is the {@code ProcessingMetrics} instance the dead-letter handlers report to. */
    String CONFIG = "riberry.processing.metrics";

    ProcessingMetrics NONE = new ProcessingMetrics() {
    };

    /** The instance in {@code configs} under {@link #CONFIG}, or {@link #NONE}. */
    static ProcessingMetrics from(final java.util.Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof ProcessingMetrics metrics ? metrics : NONE;
    }

    /** An execution of {@code form} became ACTIVE, {@code sinceCreated} after it was created (RECEIVED). */
    default void executionStarted(final String form, final Duration sinceCreated) {
    }

    /** An ACTIVE execution of {@code form} ended {@code status} after running for {@code ran}. */
    default void executionEnded(final String form, final ExecutionStatus status, final Duration ran) {
    }

    /** A change of kind {@code change} was refused and kept as an anomaly of its execution; {@code reason} is from a fixed set. */
    default void anomaly(final String change, final String reason) {
    }

    /** A record went to the dead-letter topic; {@code reason} is from a fixed set. */
    default void deadLetter(final String reason) {
    }
}
