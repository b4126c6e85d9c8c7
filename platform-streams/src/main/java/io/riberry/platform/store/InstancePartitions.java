package io.riberry.platform.store;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the instance-keyed topics (heartbeats, dispatch requests) an instance's
 * records land in: the producers' default partitioning of a string key. The instance task uses
 * it to find, among the catalog's instances and schedules, the ones it owns, including those no
 * record has reached yet (a declared instance that never sent a heartbeat, a due schedule).
 */
public final class InstancePartitions {

    private final int partitions;

    public InstancePartitions(final int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitionOf(final String instance) {
        return Utils.toPositive(Utils.murmur2(instance.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public int count() {
        return partitions;
    }
}
