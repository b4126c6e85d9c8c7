package io.riberry.sdk.internal;

import io.riberry.kafka.KafkaConnection;
import io.riberry.schema.ExecutionCommand;
import io.riberry.schema.ExecutionCommandType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the commands topic from ten minutes back: every process sees every cancel and acts on
 * those of the executions it runs or is about to run. Commands are few, so reading them all is
 * cheap.
 */
public final class CancelListener implements AutoCloseable {

    private static final Duration LOOK_BACK = Duration.ofMinutes(10);

    private final TopicFollower<ExecutionCommand> follower;

    public CancelListener(final KafkaConnection kafka, final String registryUrl, final String topic, final Consumer<String> cancel) {
        follower = new TopicFollower<>(kafka, registryUrl, topic, ExecutionCommand.class, "riberry-cancel-listener",
                CancelListener::lookBack, record -> {
                    if (record.value().getType() == ExecutionCommandType.CANCEL) {
                        cancel.accept(record.value().getExecutionId());
                    }
                });
    }

    /**
     * From a little while back, not from the end: a cancel of an execution that was READY before
     * this process started must still keep it from running here.
     */
    private static void lookBack(final KafkaConsumer<String, ExecutionCommand> consumer, final List<TopicPartition> partitions) {
        final long since = System.currentTimeMillis() - LOOK_BACK.toMillis();
        final Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> since)));
        for (TopicPartition partition : partitions) {
            final OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
