package io.riberry.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of a topic with {@code count} partitions a string key lands in: the producers'
 * default partitioning (murmur2 of the UTF-8 bytes). The platform uses it to know which keys a
 * task owns before any record with that key reached it (a declared instance, a job name), and
 * {@link JobNamePartitioner} to send a job straight to the task that owns its name.
 */
public record KeyPartitions(int count) {

    public KeyPartitions {
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + count);
        }
    }

    public int partitionOf(final String key) {
        return partitionOf(key.getBytes(StandardCharsets.UTF_8));
    }

    public int partitionOf(final byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % count;
    }
}
