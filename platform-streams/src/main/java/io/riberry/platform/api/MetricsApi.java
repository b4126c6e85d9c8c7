package io.riberry.platform.api;

import io.riberry.platform.http.HttpRequest;
import io.riberry.platform.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** {@code GET /metrics}: every numeric Kafka Streams (and embedded client) metric of this instance and its heap, in Prometheus text format. */
public final class MetricsApi {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final KafkaStreams streams;

    public MetricsApi(final KafkaStreams streams) {
        this.streams = streams;
    }

    public HttpResponse metrics(final HttpRequest request) {
        final Map<String, StringBuilder> families = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            final Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            final MetricName name = entry.getKey();
            final String family = "kafka_" + sanitize(name.group()) + "_" + sanitize(name.name());
            final StringBuilder lines = families.computeIfAbsent(family, f -> new StringBuilder("# TYPE " + f + " gauge\n"));
            lines.append(family).append(labels(name.tags())).append(' ').append(number.doubleValue()).append('\n');
        }
        final StringBuilder body = new StringBuilder();
        families.values().forEach(body::append);
        final MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        body.append("# TYPE jvm_memory_heap_used_bytes gauge\njvm_memory_heap_used_bytes ").append(heap.getUsed()).append('\n');
        body.append("# TYPE jvm_memory_heap_committed_bytes gauge\njvm_memory_heap_committed_bytes ").append(heap.getCommitted()).append('\n');
        return HttpResponse.text(200, body.toString(), CONTENT_TYPE);
    }

    private static String labels(final Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        final StringBuilder labels = new StringBuilder("{");
        new TreeMap<>(tags).forEach((k, v) -> labels.append(labels.length() > 1 ? "," : "")
                .append(sanitize(k)).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return labels.append('}').toString();
    }

    private static String sanitize(final String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
