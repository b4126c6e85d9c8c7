package io.riberry.topics;

import io.riberry.schema.JobSubmitted;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * A producer partitioner for {@code riberry.job-inputs}: the record stays keyed by job id, but
 * lands in the partition its job <em>name</em> hashes to, where the platform decides that name.
 * A job sent any other way is still decided, one internal hop later. Set it with
 * {@code partitioner.class}; records of other types are partitioned by key as usual.
 */
public final class JobNamePartitioner implements Partitioner {

    @Override
    public int partition(final String topic, final Object key, final byte[] keyBytes, final Object value, final byte[] valueBytes,
                         final Cluster cluster) {
        final KeyPartitions partitions = new KeyPartitions(cluster.partitionsForTopic(topic).size());
        if (value instanceof JobSubmitted job && job.getName() != null) {
            return partitions.partitionOf(job.getName());
        }
        return keyBytes == null ? 0 : partitions.partitionOf(keyBytes);
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(final Map<String, ?> configs) {
    }
}
