package io.riberry.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Tells a consumer's part down when it has had no connection to any broker for a while. A
 * consumer rides out a broker outage by itself (poll simply returns nothing), so its own
 * connection count is the only sign that it is cut off.
 */
final class ConnectionWatch {

    private static final Duration DOWN_AFTER = Duration.ofSeconds(5);
    /** Polls come every 100 ms or so; the metrics are looked through once a second at most. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final PartHealth health;
    private final Clock clock;
    private Instant disconnectedSince;
    private Instant lastChecked = Instant.EPOCH;

    ConnectionWatch(final PartHealth health, final Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    /** Called after each poll with the consumer's metrics. */
    void check(final Map<MetricName, ? extends Metric> metrics) {
        final Instant now = clock.instant();
        if (Duration.between(lastChecked, now).compareTo(CHECK_EVERY) < 0) {
            return;
        }
        lastChecked = now;
        final double connections = metrics.entrySet().stream()
                .filter(metric -> "connection-count".equals(metric.getKey().name()) && "consumer-metrics".equals(metric.getKey().group()))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .findFirst().orElse(1);
        if (connections > 0) {
            disconnectedSince = null;
            health.up();
            return;
        }
        if (disconnectedSince == null) {
            disconnectedSince = now;
        } else if (Duration.between(disconnectedSince, now).compareTo(DOWN_AFTER) >= 0) {
            health.down("no connection to any Kafka broker for " + Duration.between(disconnectedSince, now).toSeconds() + " s");
        }
    }
}
