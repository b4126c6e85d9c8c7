package io.riberry.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("riberry-platform-jobs-changelog", 1);
    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 3);
    private static final TopicPartition EVENTS = new TopicPartition("riberry.events", 0);

    @Test
    void shouldAbortATransactionOpenOnPartitionsWhoseCoordinatorHasCompletedIt() {
        // As seen after a kill -9 of riberry dev: producer 5 (epoch 1740) open on two partitions,
        // its transactional id Empty at epoch 1744 for the coordinator.
        final Map<TopicPartition, List<ProducerState>> producers = Map.of(
                CHANGELOG, List.of(open(5, 1740, 6652)),
                OFFSETS, List.of(open(5, 1740, 36835)),
                EVENTS, List.of(closed(9, 3)));

        final List<AbortTransactionSpec> hanging = HangingTransactions.find(producers,
                List.of(transaction(5, 1744, TransactionState.EMPTY, Set.of())));

        assertThat(hanging).containsExactly(
                new AbortTransactionSpec(OFFSETS, 5, (short) 1740, 16),
                new AbortTransactionSpec(CHANGELOG, 5, (short) 1740, 16));
    }

    @Test
    void shouldLeaveATransactionTheCoordinatorIsStillCompleting() {
        final Map<TopicPartition, List<ProducerState>> producers = Map.of(
                CHANGELOG, List.of(open(5, 1740, 6652)),
                OFFSETS, List.of(open(5, 1740, 36835)));

        assertThat(HangingTransactions.find(producers, List.of(transaction(5, 1741, TransactionState.PREPARE_COMMIT, Set.of(CHANGELOG, OFFSETS)))))
                .isEmpty();
        assertThat(HangingTransactions.find(producers, List.of(transaction(5, 1740, TransactionState.ONGOING, Set.of(CHANGELOG, OFFSETS)))))
                .isEmpty();
    }

    @Test
    void shouldAbortOnlyThePartitionsTheTransactionInProgressDoesNotCover() {
        final Map<TopicPartition, List<ProducerState>> producers = Map.of(
                CHANGELOG, List.of(open(5, 1740, 6652)),
                OFFSETS, List.of(open(5, 1740, 36835)));

        assertThat(HangingTransactions.find(producers, List.of(transaction(5, 1741, TransactionState.PREPARE_ABORT, Set.of(OFFSETS)))))
                .containsExactly(new AbortTransactionSpec(CHANGELOG, 5, (short) 1740, 16));
    }

    @Test
    void shouldAbortAnOpenTransactionOfAProducerNoCoordinatorKnows() {
        final Map<TopicPartition, List<ProducerState>> producers = Map.of(EVENTS, List.of(open(42, 0, 10)));

        assertThat(HangingTransactions.find(producers, List.of(transaction(5, 1740, TransactionState.ONGOING, Set.of(EVENTS)))))
                .containsExactly(new AbortTransactionSpec(EVENTS, 42, (short) 0, 16));
    }

    @Test
    void shouldFindNothingWhenNoTransactionIsOpen() {
        assertThat(HangingTransactions.find(Map.of(EVENTS, List.of(closed(5, 1740), closed(6, 2))), List.of())).isEmpty();
    }

    private static ProducerState open(final long producerId, final int epoch, final long startOffset) {
        return new ProducerState(producerId, epoch, 10, 1_795_936_055_945L, OptionalInt.of(16), OptionalLong.of(startOffset));
    }

    private static ProducerState closed(final long producerId, final int epoch) {
        return new ProducerState(producerId, epoch, 10, 1_795_936_055_945L, OptionalInt.of(16), OptionalLong.empty());
    }

    private static TransactionDescription transaction(final long producerId, final int epoch, final TransactionState state,
                                                      final Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, producerId, epoch, 10_000, OptionalLong.empty(), partitions);
    }
}
